/**
 * The store side of the generated export workflows (`./workflows.ts`): how a job gets short-lived credentials from
 * GitHub's OIDC token, and the shell lines that upload, find the newest and download an export. `AwsDatabaseExport`
 * runs {@link S3_STORE}, `GcpDatabaseExport` {@link GCS_STORE}; the variables they read (`vars.DB_EXPORT_*`) are the
 * ones each component sets on its GitHub environments.
 */
import { pinned } from "../mobile/pins";
import type { ExportStore } from "./workflows";

/** The S3 side of the generated workflows: OIDC credentials, `aws s3 cp`, newest object by LastModified. */
export const S3_STORE: ExportStore = {
    credentialsSteps: (purpose) => [
        {
            name: "AWS credentials (GitHub OIDC)",
            uses: pinned("aws-actions/configure-aws-credentials"),
            with: {
                "role-to-assume": `\${{ vars.${purpose === "export" ? "DB_EXPORT_ROLE_ARN" : "DB_RESTORE_ROLE_ARN"} }}`,
                "aws-region": "${{ vars.DB_EXPORT_REGION }}",
                "role-session-name": "db-export-${{ github.run_id }}",
            },
        },
    ],
    env: { BUCKET: "${{ vars.DB_EXPORT_BUCKET }}" },
    upload: 'aws s3 cp "$DUMP_FILE" "s3://$BUCKET/$KEY" --no-progress',
    findLatest: [
        'read -r KEY MODIFIED < <(aws s3api list-objects-v2 --bucket "$BUCKET" \\',
        "  --query 'sort_by(Contents || `[]`, &LastModified)[-1].[Key, LastModified]' --output text)",
    ].join("\n"),
    download: 'aws s3 cp "s3://$BUCKET/$KEY" "$DUMP_FILE" --no-progress',
    location: "s3://$BUCKET/$KEY",
};

/** An object name as one URL path segment (`/` → `%2F`), as the JSON API wants it. */
const URI = "$(jq -rn --arg k \"$KEY\" '$k|@uri')";

/**
 * The Cloud Storage side of the generated workflows: google-github-actions/auth exchanges the job's OIDC token for
 * an access token of one service account (Workload Identity Federation), and plain `curl` calls of the JSON API do the
 * rest. Not `gcloud storage cp`: like `gsutil cp`, a copy to a prefixed name may first list the bucket
 * (GoogleCloudPlatform/gsutil#546), which a create-only identity may not.
 */
export const GCS_STORE: ExportStore = {
    credentialsSteps: (purpose) => [
        {
            name: "Google Cloud credentials (Workload Identity Federation)",
            id: "gcp-auth",
            uses: pinned("google-github-actions/auth"),
            with: {
                workload_identity_provider: "${{ vars.DB_EXPORT_WORKLOAD_IDENTITY_PROVIDER }}",
                service_account: `\${{ vars.${purpose === "export" ? "DB_EXPORT_SERVICE_ACCOUNT" : "DB_RESTORE_SERVICE_ACCOUNT"} }}`,
                token_format: "access_token",
                access_token_lifetime: "3600s",
                create_credentials_file: false,
            },
        },
    ],
    env: { BUCKET: "${{ vars.DB_EXPORT_BUCKET }}", ACCESS_TOKEN: "${{ steps.gcp-auth.outputs.access_token }}" },
    // ifGenerationMatch=0: create only, never replace an existing export.
    upload: [
        'curl --fail-with-body -sS -X POST -T "$DUMP_FILE" -H "Authorization: Bearer $ACCESS_TOKEN" -H "Content-Type: application/octet-stream" \\',
        `  "https://storage.googleapis.com/upload/storage/v1/b/$BUCKET/o?uploadType=media&ifGenerationMatch=0&name=${URI}" > /dev/null`,
    ].join("\n"),
    findLatest: [
        'newest=""; page_token=""',
        "while :; do",
        '  page=$(curl --fail-with-body -sS -H "Authorization: Bearer $ACCESS_TOKEN" \\',
        '    "https://storage.googleapis.com/storage/v1/b/$BUCKET/o?fields=items(name,updated),nextPageToken&maxResults=1000${page_token:+&pageToken=$page_token}")',
        '  newest=$( { [ -n "$newest" ] && echo "$newest"; echo "$page" | jq -r \'.items[]? | "\\(.updated) \\(.name)"\'; } | sort | tail -n 1)',
        "  page_token=$(echo \"$page\" | jq -r '.nextPageToken // empty')",
        '  [ -z "$page_token" ] && break',
        "done",
        'read -r MODIFIED KEY <<< "$newest" || true',
    ].join("\n"),
    download: `curl --fail-with-body -sS -o "$DUMP_FILE" -H "Authorization: Bearer $ACCESS_TOKEN" "https://storage.googleapis.com/storage/v1/b/$BUCKET/o/${URI}?alt=media"`,
    location: "gs://$BUCKET/$KEY",
};
