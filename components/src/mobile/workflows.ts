/**
 * Pure generators of the GitHub Actions workflows and the `eas.json` of a mobile app: no resources here, only text.
 * `GithubMobilePipeline` (`./github.ts`) commits what these return; a team without Pulumi can print them and commit
 * them by hand.
 *
 * Every workflow: actions pinned to a full commit SHA with the tag as a comment (`./pins.ts`), a top-level
 * `permissions:` block granting only `contents: read` (a job that needs more asks for it itself), a `concurrency`
 * group, `timeout-minutes` on every job, and no `${{ }}` expression of user-controlled text (commit messages, branch
 * names) inside a `run:` script: such values reach scripts through `env:` only (GitHub's script-injection guidance).
 *
 * Supply chain: `npm ci` runs before anything authenticates, so no dependency's install script sees a credential;
 * a secret is in the `env:` of the steps that use it only, never of a job or workflow, and never an action input that
 * exports it to every later step (expo/expo-github-action's `token` does: `src/expo.ts`, `authenticate` calls
 * `exportVariable("EXPO_TOKEN")`); deploy jobs install exact CLI versions (`TOOL_VERSIONS`), never `latest`.
 *
 * Seeds: CoachMeld (`000_30406cbe3669e999`: EAS profiles development/staging/production, staging builds from
 * `develop`, production builds from `main` followed by `eas submit`, OTA updates), TechMate (`003_af9aa3c9dd59b1d2`:
 * `mobile-release.yml` on `mobile-v*` tags, Play Store internal track and TestFlight), InteliFeed
 * (`001_0428c3bab62c29d7`: Capacitor apps with live updates).
 *
 * This file lists the public generators and their types; they are written in `./workflow-common.ts` (the pinned
 * actions, `toYaml`, install steps, the tests workflow), `./eas-workflows.ts`, `./capacitor-workflows.ts`,
 * `./capacitor-release.ts` and `./eas-json.ts`.
 */
export { ACTION_PINS, type ActionPin, type PinnedAction, TOOL_VERSIONS, pinTag, pinned } from "./pins";
export {
    ACTIONS,
    type CommonWorkflowOptions,
    DEFAULT_UPDATE_TARGETS,
    type TestScripts,
    type TestsWorkflowOptions,
    type UpdateTarget,
    type Workflow,
    testsWorkflow,
    toYaml,
} from "./workflow-common";
export {
    DEFAULT_EAS_BUILDS,
    type EasBuildTarget,
    type EasBuildWorkflowOptions,
    type EasUpdateWorkflowOptions,
    type ExpoWorkflowOptions,
    type ReleaseWorkflowOptions,
    easBuildWorkflow,
    easUpdateWorkflow,
    releaseWorkflow,
} from "./eas-workflows";
export {
    type CapacitorBuildTarget,
    type CapacitorBuildWorkflowOptions,
    type CapacitorWorkflowOptions,
    DEFAULT_CAPACITOR_BUILDS,
    type LiveUpdateOptions,
    capacitorBuildWorkflow,
    capacitorLiveUpdateWorkflow,
} from "./capacitor-workflows";
export {
    CAPACITOR_STORE_SECRETS,
    type CapacitorReleaseWorkflowOptions,
    type CapacitorStores,
    capacitorReleaseWorkflow,
} from "./capacitor-release";
export { DEFAULT_EAS_PROFILES, type EasJsonOptions, type EasProfile, easJson, easJsonObject } from "./eas-json";
