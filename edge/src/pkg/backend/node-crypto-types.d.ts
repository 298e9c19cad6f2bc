/**
 * The slice of `node:crypto` the backend client uses to sign requests. workerd implements it natively
 * (BoringSSL); the edge's tsconfig leaves out `@types/node` (see body/node-zlib-types.d.ts), hence
 * this declaration.
 */
declare module "node:crypto" {
  export interface Hmac {
    update(data: string | Uint8Array): Hmac;
    digest(encoding: "hex"): string;
  }
  export function createHmac(algorithm: "sha256", key: string): Hmac;
}
