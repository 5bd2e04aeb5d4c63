// Every rule of the pack, by concern. Tests import from here; only ../index.ts constructs the PolicyPack.

import type { Policies } from "@pulumi/policy";
import { budgetPolicies } from "./budget";
import { dataLossPolicies } from "./data-loss";
import { edgePolicies } from "./edge";
import { encryptionAtRestPolicies } from "./encryption-at-rest";
import { encryptionInTransitPolicies } from "./encryption-in-transit";
import { rpoPolicies } from "./rpo";
import { dataLossPublicStorage } from "./public-data";
import { rtoPolicies } from "./rto";
import { restFamilyPolicies } from "./families-rest";
import { visibilityPolicies } from "./visibility";

export * as rpo from "./rpo";
export * as rto from "./rto";
export * as encryptionAtRest from "./encryption-at-rest";
export * as encryptionInTransit from "./encryption-in-transit";
export * as dataLoss from "./data-loss";
export * as edge from "./edge";
export * as budget from "./budget";
export * as util from "./util";
export * as resourceTypes from "./resource-types";
export * as families from "./families";
export * as backupPlans from "./backup-plans";
export * as publicData from "./public-data";
export * as visibility from "./visibility";
export * as familiesRest from "./families-rest";

export const policies: Policies = [
    ...rpoPolicies,
    ...rtoPolicies,
    ...encryptionAtRestPolicies,
    ...encryptionInTransitPolicies,
    ...dataLossPolicies,
    dataLossPublicStorage,
    ...edgePolicies,
    ...budgetPolicies,
    ...visibilityPolicies,
    ...restFamilyPolicies,
];
