/**
 * @module
 * The coloured level marker of an issue or event (fatal, error, warning, info, debug).
 */

/** A small badge with the level's colour and name. */
export function LevelBadge({ level }: { level: string | null | undefined }) {
  const l = (level ?? "error").toLowerCase();
  return (
    <span className={`level level-${l}`} title={l}>
      {l}
    </span>
  );
}
