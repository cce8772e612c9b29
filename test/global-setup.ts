/**
 * Before any test: the providers' real specs must be where the tests read them (SPECS_MIRROR, else
 * ../shared/specs beside the checkout). When they are not, say how to get them, in one line.
 */
import { access } from "node:fs/promises";
import path from "node:path";
import { sharedSpecsDir } from "./helpers/scratch-project.js";

export default async function checkSpecs(): Promise<void> {
  try {
    await access(path.join(sharedSpecsDir, "calcom/openapi.json"));
  } catch {
    throw new Error(
      `the providers' specs are not at ${sharedSpecsDir}: set SPECS_MIRROR to a folder laid out as <provider>/openapi.json (the project's CI uses ../shared/specs), or run npm run pull to fill the snapshot cache and point SPECS_MIRROR at a copy of it`,
    );
  }
}
