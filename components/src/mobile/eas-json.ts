/**
 * The `eas.json` of an Expo app: build profiles with their EAS Update channels (CoachMeld seed
 * `000_30406cbe3669e999`: development, staging, production), the CLI versions allowed to build, and the
 * `submit.production` profile `eas submit` reads (TechMate seed `003_af9aa3c9dd59b1d2`: Play Store internal track).
 */

/** One EAS build profile. */
export interface EasProfile {
    name: string;
    /** EAS Update channel the build listens to. */
    channel: string;
    distribution: "internal" | "store";
    developmentClient?: boolean;
    /** Let EAS bump the build number / version code (needs `cli.appVersionSource: "remote"`). */
    autoIncrement?: boolean;
    env?: Record<string, string>;
}

export interface EasJsonOptions {
    /** `cli.version`: the EAS CLI versions allowed to build this project. @default ">= 16.0.0" */
    cliVersion?: string;
    /** Where build numbers live; `remote` lets `autoIncrement` work without committing version bumps. @default "remote" */
    appVersionSource?: "remote" | "local";
    /** @default development, preview, staging, production ({@link DEFAULT_EAS_PROFILES}) */
    profiles?: EasProfile[];
    /** The `submit.production` profile. @default Android internal track (TechMate seed), iOS from credentials on EAS */
    submit?: {
        android?: {
            track?: "internal" | "alpha" | "beta" | "production";
            serviceAccountKeyPath?: string;
            releaseStatus?: "draft" | "completed";
        };
        ios?: { ascAppId?: string; appleTeamId?: string };
    };
}

/** CoachMeld's profiles (seed `000_30406cbe3669e999`) with channels, plus Expo's `preview`. */
export const DEFAULT_EAS_PROFILES: EasProfile[] = [
    {
        name: "development",
        channel: "development",
        distribution: "internal",
        developmentClient: true,
        env: { EXPO_PUBLIC_ENVIRONMENT: "development" },
    },
    { name: "preview", channel: "preview", distribution: "internal", env: { EXPO_PUBLIC_ENVIRONMENT: "preview" } },
    { name: "staging", channel: "staging", distribution: "internal", env: { EXPO_PUBLIC_ENVIRONMENT: "staging" } },
    {
        name: "production",
        channel: "production",
        distribution: "store",
        autoIncrement: true,
        env: { EXPO_PUBLIC_ENVIRONMENT: "production" },
    },
];

/** The `eas.json` object. */
export function easJsonObject(options: EasJsonOptions = {}): Record<string, unknown> {
    const profiles = options.profiles ?? DEFAULT_EAS_PROFILES;
    const build: Record<string, Record<string, unknown>> = {};
    for (const p of profiles) {
        build[p.name] = {
            ...(p.developmentClient ? { developmentClient: true } : {}),
            distribution: p.distribution,
            channel: p.channel,
            ...(p.autoIncrement ? { autoIncrement: true } : {}),
            ...(p.env && Object.keys(p.env).length > 0 ? { env: p.env } : {}),
        };
    }
    const android = { track: "internal", ...options.submit?.android };
    const ios = { ...options.submit?.ios };
    return {
        cli: { version: options.cliVersion ?? ">= 16.0.0", appVersionSource: options.appVersionSource ?? "remote" },
        build,
        submit: { production: { android, ios } },
    };
}

/** `eas.json` text (JSON, two-space indent, trailing newline). */
export function easJson(options: EasJsonOptions = {}): string {
    return `${JSON.stringify(easJsonObject(options), null, 2)}\n`;
}
