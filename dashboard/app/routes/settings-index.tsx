import { redirect } from "react-router";
import { paths } from "../utils/paths.ts";
import type { Route } from "./+types/settings-index";

/** Settings open on the DSN keys. */
export function loader({ params }: Route.LoaderArgs) {
  throw redirect(paths.settings(params.org, params.project, "keys"));
}
