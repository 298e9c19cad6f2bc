/**
 * @module
 * The line under a settings form: the backend's error, or a short confirmation.
 */

/** Shows `error` (alert) or `ok` (status). */
export function FormStatus({ result }: { result: { error?: string | null; ok?: string | null } | undefined }) {
  if (result?.error) {
    return (
      <p className="form-error" role="alert">
        {result.error}
      </p>
    );
  }
  if (result?.ok) {
    return (
      <p className="form-ok" role="status">
        {result.ok}
      </p>
    );
  }
  return null;
}
