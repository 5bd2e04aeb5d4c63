import type * as pulumi from "@pulumi/pulumi";
import { hex, stackConfigValue, str, type State } from "./util";

/**
 * Outputs a real preview would show once a Google Cloud resource exists: resource names, emails, URLs and ids in
 * each service's own format. Everything is derived from the resource name, so two runs print the same plan.
 */

/** The project used when neither the resource nor the stack config (`gcp:project`) names one. */
export const PROJECT_ID = "acme-prod";
/** The project number the mocks report (budgets and secret names use numbers). */
export const PROJECT_NUMBER = "123456789012";

/** Short region codes in `run.app` URLs (`https://<service>-<hash>-<code>.a.run.app`). */
const RUN_REGION_CODES: Record<string, string> = {
    "us-central1": "uc",
    "us-east1": "ue",
    "us-east4": "uk",
    "us-west1": "uw",
    "us-west2": "wl",
    "europe-west1": "ew",
    "europe-west2": "nw",
    "europe-west3": "ey",
    "europe-west4": "ez",
    "asia-east1": "de",
    "asia-northeast1": "an",
    "asia-southeast1": "as",
    "australia-southeast1": "ts",
};

function configured(key: string): string | undefined {
    return stackConfigValue(key);
}

/** The project of a resource: its `project` input, else the stack's `gcp:project`, else {@link PROJECT_ID}. */
function projectOf(inputs: Record<string, unknown>): string {
    return str(inputs["project"], configured("gcp:project") ?? PROJECT_ID);
}

/** A GCP region: the resource's `location`/`region`, else the plan's region when it is a GCP one, else `gcp:region`, else us-central1. */
function regionOf(inputs: Record<string, unknown>, region: string): string {
    const fallback = /^[a-z]+-[a-z]+\d+$/.test(region) ? region : (configured("gcp:region") ?? "us-central1");
    return str(inputs["location"], str(inputs["region"], fallback));
}

/** A numeric id of `length` digits derived from `seed`. */
function digits(seed: string, length: number): string {
    return (BigInt(`0x${hex(seed, 16)}`) % 10n ** BigInt(length)).toString().padStart(length, "1");
}

export function mockGcpOutputs(args: pulumi.runtime.MockResourceArgs, region: string): { id: string; state: State } {
    const { type, name } = args;
    const inputs: Record<string, unknown> = args.inputs as Record<string, unknown>;
    const h = (n: number) => hex(`${type}/${name}`, n);
    const project = projectOf(inputs);
    const state: State = { ...inputs, project };
    let id = `${name}-${h(8)}`;

    switch (type) {
        case "gcp:cloudrunv2/service:Service": {
            const location = regionOf(inputs, region);
            const serviceName = str(inputs["name"], `${name}-${h(7)}`);
            const uri = `https://${serviceName}-${h(10)}-${RUN_REGION_CODES[location] ?? "uc"}.a.run.app`;
            id = `projects/${project}/locations/${location}/services/${serviceName}`;
            Object.assign(state, {
                name: serviceName,
                location,
                uri,
                urls: [uri, `https://${serviceName}-${PROJECT_NUMBER}.${location}.run.app`],
                uid: `${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}`,
                latestReadyRevision: `${id}/revisions/${serviceName}-00001-${h(3)}`,
                latestCreatedRevision: `${id}/revisions/${serviceName}-00001-${h(3)}`,
                etag: `"${h(12)}"`,
            });
            break;
        }
        case "gcp:serviceaccount/account:Account": {
            const accountId = str(inputs["accountId"], name.slice(0, 30));
            const email = `${accountId}@${project}.iam.gserviceaccount.com`;
            id = `projects/${project}/serviceAccounts/${email}`;
            Object.assign(state, {
                accountId,
                email,
                member: `serviceAccount:${email}`,
                name: id,
                uniqueId: digits(`${type}/${name}`, 21),
            });
            break;
        }
        case "gcp:secretmanager/secret:Secret": {
            const secretId = str(inputs["secretId"], `${name}-${h(6)}`);
            id = `projects/${project}/secrets/${secretId}`;
            Object.assign(state, { secretId, name: `projects/${PROJECT_NUMBER}/secrets/${secretId}`, createTime: "2025-01-01T00:00:00Z" });
            break;
        }
        case "gcp:secretmanager/secretVersion:SecretVersion": {
            const secret = str(inputs["secret"], `projects/${project}/secrets/${name}`);
            const secretId = secret.split("/").pop() ?? name;
            id = `projects/${PROJECT_NUMBER}/secrets/${secretId}/versions/1`;
            Object.assign(state, { name: id, version: "1", enabled: true, createTime: "2025-01-01T00:00:00Z" });
            break;
        }
        case "gcp:secretmanager/secretIamMember:SecretIamMember":
        case "gcp:cloudrunv2/serviceIamMember:ServiceIamMember":
        case "gcp:projects/iAMMember:IAMMember":
            state["etag"] = `BwY${h(9)}=`;
            id = `${str(inputs["secretId"], str(inputs["name"], project))}/${str(inputs["role"], "role")}/${str(inputs["member"], "member")}`;
            break;
        case "gcp:projects/service:Service": {
            const service = str(inputs["service"], name);
            id = `${project}/${service}`;
            break;
        }
        case "gcp:projects/apiKey:ApiKey": {
            const keyName = str(inputs["name"], `${name}-${h(6)}`);
            id = `projects/${project}/locations/global/keys/${keyName}`;
            // API keys are "AIza" + 35 characters of [A-Za-z0-9_-].
            const body = Buffer.from(hex(`${type}/${name}/key`, 40), "hex")
                .toString("base64url")
                .slice(0, 35);
            Object.assign(state, { name: keyName, keyString: `AIza${body}`, uid: `${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}` });
            break;
        }
        case "gcp:monitoring/notificationChannel:NotificationChannel":
            id = `projects/${project}/notificationChannels/${digits(`${type}/${name}`, 19)}`;
            Object.assign(state, { name: id, verificationStatus: inputs["type"] === "email" ? "VERIFIED" : "" });
            break;
        case "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": {
            const slug = str(inputs["displayName"], name)
                .toLowerCase()
                .replace(/[^a-z0-9]+/g, "-")
                .replace(/^-|-$/g, "")
                .slice(0, 40);
            const uptimeCheckId = `${slug}-${h(11)}`;
            id = `projects/${project}/uptimeCheckConfigs/${uptimeCheckId}`;
            Object.assign(state, { name: id, uptimeCheckId });
            break;
        }
        case "gcp:monitoring/alertPolicy:AlertPolicy":
            id = `projects/${project}/alertPolicies/${digits(`${type}/${name}`, 19)}`;
            Object.assign(state, { name: id, creationRecords: [{ mutateTime: "2025-01-01T00:00:00Z", mutatedBy: "plan" }] });
            break;
        // Cloud Monitoring names services and SLOs by project number (projects.services, .serviceLevelObjectives).
        case "gcp:monitoring/genericService:GenericService": {
            const serviceId = str(inputs["serviceId"], `${name}-${h(6)}`);
            id = `projects/${PROJECT_NUMBER}/services/${serviceId}`;
            Object.assign(state, { serviceId, name: id });
            break;
        }
        case "gcp:monitoring/slo:Slo": {
            const sloId = str(inputs["sloId"], `${name}-${h(6)}`);
            const service = str(inputs["service"], "service").split("/").pop() ?? "service";
            id = `projects/${PROJECT_NUMBER}/services/${service}/serviceLevelObjectives/${sloId}`;
            Object.assign(state, { sloId, name: id });
            break;
        }
        case "gcp:billing/budget:Budget": {
            const account = str(inputs["billingAccount"], "012345-6789AB-CDEF01");
            id = `billingAccounts/${account}/budgets/${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}`;
            delete state["project"];
            state["name"] = id;
            break;
        }
        case "gcp:cloudrun/domainMapping:DomainMapping": {
            const domain = str(inputs["name"], name);
            const location = regionOf(inputs, region);
            id = `locations/${location}/namespaces/${project}/domainmappings/${domain}`;
            const label = domain.split(".").length > 2 ? domain.split(".")[0] : "@";
            Object.assign(state, {
                statuses: [
                    {
                        mappedRouteName: (inputs["spec"] as Record<string, unknown> | undefined)?.["routeName"] ?? "",
                        resourceRecords:
                            label === "@"
                                ? ["216.239.32.21", "216.239.34.21", "216.239.36.21", "216.239.38.21"].map((ip) => ({
                                      type: "A",
                                      name: "",
                                      rrdata: ip,
                                  }))
                                : [{ type: "CNAME", name: label, rrdata: "ghs.googlehosted.com." }],
                    },
                ],
            });
            break;
        }
        default:
            break;
    }
    return { id, state };
}

export function mockGcpCall(args: pulumi.runtime.MockCallArgs, region: string): Record<string, unknown> | undefined {
    const inputs: Record<string, unknown> = args.inputs as Record<string, unknown>;
    switch (args.token) {
        case "gcp:organizations/getProject:getProject": {
            const projectId = str(inputs["projectId"], configured("gcp:project") ?? PROJECT_ID);
            return {
                id: `projects/${projectId}`,
                projectId,
                name: projectId,
                number: PROJECT_NUMBER,
                billingAccount: "012345-6789AB-CDEF01",
                orgId: "",
                folderId: "",
                autoCreateNetwork: true,
                labels: {},
                effectiveLabels: {},
                pulumiLabels: {},
                tags: {},
                deletionPolicy: "PREVENT",
            };
        }
        case "gcp:organizations/getClientConfig:getClientConfig": {
            const project = configured("gcp:project") ?? PROJECT_ID;
            return {
                id: `projects/${project}/regions/${region}/zones/`,
                project,
                region: regionOf({}, region),
                zone: "",
                accessToken: "plan-token",
            };
        }
        default:
            return undefined;
    }
}
