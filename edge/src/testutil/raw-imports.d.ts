/** Vite's `?raw` imports, for golden request bodies (`test/fixtures/*.envelope`). */
declare module "*?raw" {
  const text: string;
  export default text;
}
