/**
 * The one table of third-party code that CI runs: every GitHub Action pinned to a full commit SHA (a tag can be
 * moved to other code; a commit cannot), and the exact versions of the CLIs that deploy jobs install. The generated
 * workflows (`./workflows.ts`, `examples/techmate/workflows.ts`) take their `uses:` from here and write the tag as a
 * YAML comment (`owner/repo@<sha> # v4.4.0`); this repository's own `.github/workflows` use the same pins, and
 * `tests/workflows/pins.test.ts` fails when any `uses:` is not a pin of this table.
 *
 * Each SHA is the commit its tag points to (`git rev-list -n1 <tag>` in the action's repository, which dereferences
 * annotated tags to their commit), the newest release of the major version used before pinning. To bump one: take the
 * new tag's commit the same way and change both fields.
 */

export interface ActionPin {
    /** The full 40-hex commit SHA that `uses:` names. */
    sha: string;
    /** The release tag that commit carries, written beside the pin as a comment. */
    tag: string;
}

/** GitHub Actions by `owner/repo`. */
export const ACTION_PINS = {
    "actions/checkout": { sha: "11d5960a326750d5838078e36cf38b85af677262", tag: "v4.4.0" },
    "actions/setup-node": { sha: "49933ea5288caeca8642d1e84afbd3f7d6820020", tag: "v4.4.0" },
    "actions/setup-java": { sha: "cf277c60eb25467037889841efdb72551f06f6c3", tag: "v4.9.1" },
    "actions/upload-artifact": { sha: "ea165f8d65b6e75b540449e92b4886f43607fa02", tag: "v4.6.2" },
    "actions/download-artifact": { sha: "d3f86a106a0bac45b974a628896c90dbdf5c8093", tag: "v4.3.0" },
    "actions/github-script": { sha: "f28e40c7f34bde8b3046d885e986cb6290c5673b", tag: "v7.1.0" },
    "expo/expo-github-action": { sha: "c7b66a9c327a43a8fa7c0158e7f30d6040d2481e", tag: "8.2.1" },
    "ruby/setup-ruby": { sha: "0dafeac902942906541bc140009cdbf32665b601", tag: "v1.315.0" },
    "pulumi/actions": { sha: "8582a9e8cc630786854029b4e09281acd6794b58", tag: "v6.6.1" },
    "aws-actions/configure-aws-credentials": { sha: "7474bc4690e29a8392af63c5b98e7449536d5c3a", tag: "v4.3.1" },
    "google-github-actions/auth": { sha: "c200f3691d83b41bf9bbd8638997a462592937ed", tag: "v2.1.13" },
    "google-github-actions/setup-gcloud": { sha: "e427ad8a34f8676edf47cf7d7925499adf3eb74f", tag: "v2.2.1" },
    "google-github-actions/deploy-cloudrun": { sha: "251330ba9a8a34bfbc1622895f42e1d53fd14522", tag: "v2.7.6" },
    // `git rev-list -n1 v1.1.3` in github.com/r0adkll/upload-google-play (released 2024-02-10, the newest v1 release).
    "r0adkll/upload-google-play": { sha: "935ef9c68bb393a8e6116b1575626a7f5be3a7fb", tag: "v1.1.3" },
    // `git rev-list -n1 v4.36.2` in github.com/github/codeql-action (2026-06-04); `init` and `analyze` are its sub-actions.
    "github/codeql-action": { sha: "8aad20d150bbac5944a9f9d289da16a4b0d87c1e", tag: "v4.36.2" },
    // `git rev-list -n1 v4.9.0` in github.com/actions/dependency-review-action (2026-03-03).
    "actions/dependency-review-action": { sha: "2031cfc080254a8a887f58cffee85186f0e49e48", tag: "v4.9.0" },
} as const satisfies Record<string, ActionPin>;

export type PinnedAction = keyof typeof ACTION_PINS;

/**
 * `owner/repo@<sha>`: the value of a `uses:` key; with `subpath`, an action in a folder of the repository
 * (`github/codeql-action/init@<sha>`), pinned by the same commit.
 */
export function pinned(action: PinnedAction, subpath?: string): string {
    return `${action}${subpath ? `/${subpath}` : ""}@${ACTION_PINS[action].sha}`;
}

/**
 * The tag of a pinned `uses:` value (`owner/repo[/path]@<sha>`), or undefined when it is not a pin of
 * {@link ACTION_PINS}.
 */
export function pinTag(uses: string): string | undefined {
    const at = uses.lastIndexOf("@");
    const repo = uses.slice(0, at).split("/").slice(0, 2).join("/");
    const pin = (ACTION_PINS as Record<string, ActionPin>)[repo];
    return pin && uses.slice(at + 1) === pin.sha ? pin.tag : undefined;
}

/**
 * Exact versions of the CLIs installed in deploy jobs (never `latest`, never a range: a deploy must run the code that
 * was reviewed). `pulumi` matches the `@pulumi/pulumi` SDK of the lockfile: the CLI and the SDK are released together.
 */
export const TOOL_VERSIONS = {
    /** `eas-cli` (npm), installed by expo/expo-github-action's `eas-version`. Must satisfy `eas.json`'s `cli.version`. */
    easCli: "24.8.0",
    /** The Pulumi CLI, installed by pulumi/actions' `pulumi-version`. */
    pulumi: "3.248.0",
    /** `vercel` (npm), run with `npx --yes vercel@<version>`. */
    vercel: "64.0.2",
} as const;
