/**
 * The DNS-validated ACM certificate: certificate, one Route 53 validation record per name (when a hosted zone is
 * given), and the validation that waits for ACM to issue it. Used by the CDN and the container service.
 *
 * Signature:
 *
 *     dnsValidatedCertificate(parent: BlockParent, args: DnsCertificateArgs): DnsCertificate
 *
 *     interface DnsCertificateArgs {
 *         domainName: string;                         // the certificate's main name
 *         aliases?: string[];                         // subject alternative names (`*.x` and `x` share one record)
 *         region?: string;                            // e.g. "us-east-1" for CloudFront; unset: the provider's region
 *         hostedZoneId?: pulumi.Input<string>;        // unset: no records, the caller publishes `validationRecords`
 *         recordSuffix?: (host: string) => string;    // child suffix of a host's record; default `validation-${host}`
 *         transform?: { certificate?, validationRecord?, certificateValidation? };
 *     }
 *     interface DnsCertificate {
 *         certificate: aws.acm.Certificate;
 *         validation: aws.acm.CertificateValidation;
 *         certificateArn: pulumi.Output<string>;      // the validated certificate's ARN (waits for issuance)
 *         validationRecords: pulumi.Output<DnsValidationRecord[]>; // distinct records ACM asks for
 *     }
 *
 * Children, through `parent.child` (so names are `<component>-<suffix>`, parented to the component):
 * `certificate` (aws.acm.Certificate), `recordSuffix(host)` (aws.route53.Record, per validated host),
 * `certificate-validation` (aws.acm.CertificateValidation). These suffixes are today's: do not rename them.
 *
 * Cost: public ACM certificates are free; Route 53 records in an existing zone are free.
 */
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { Transform } from "../core";
import type { BlockParent } from "./child";

/** A DNS record ACM asks for to prove control of a name. */
export interface DnsValidationRecord {
    name: string;
    type: string;
    value: string;
}

export interface DnsCertificateArgs {
    /** The certificate's main name, e.g. `www.example.com`. Changing it replaces the certificate. */
    domainName: string;
    /** Subject alternative names. Changing them replaces the certificate. */
    aliases?: string[];
    /** Region of the certificate and its validation (CloudFront needs `us-east-1`). Unset: the provider's region. */
    region?: string;
    /** Route 53 zone for the validation records. Unset: no records are written (see `validationRecords`). */
    hostedZoneId?: pulumi.Input<string>;
    /** Child suffix of the validation record of `host` (a validated name, without `*.`). @default `validation-${host}` */
    recordSuffix?: (host: string) => string;
    transform?: {
        certificate?: Transform<aws.acm.CertificateArgs>;
        validationRecord?: Transform<aws.route53.RecordArgs>;
        certificateValidation?: Transform<aws.acm.CertificateValidationArgs>;
    };
}

export interface DnsCertificate {
    certificate: aws.acm.Certificate;
    validation: aws.acm.CertificateValidation;
    /** ARN of the certificate once issued: use it, not `certificate.arn`, so listeners wait for validation. */
    certificateArn: pulumi.Output<string>;
    /** The distinct DNS records ACM asks for; publish them yourself when no `hostedZoneId` is given. */
    validationRecords: pulumi.Output<DnsValidationRecord[]>;
}

/** Requests a DNS-validated ACM certificate (RSA 2048) and, with a hosted zone, writes and waits for its records. */
export function dnsValidatedCertificate(parent: BlockParent, args: DnsCertificateArgs): DnsCertificate {
    const t = args.transform ?? {};
    const region = args.region !== undefined ? { region: args.region } : {};
    const aliases = args.aliases ?? [];
    const certificate = parent.child(
        aws.acm.Certificate,
        "certificate",
        {
            ...region,
            domainName: args.domainName,
            ...(aliases.length > 0 ? { subjectAlternativeNames: aliases } : {}),
            validationMethod: "DNS",
            keyAlgorithm: "RSA_2048",
            tags: parent.tags,
        },
        t.certificate,
    );
    const names = [args.domainName, ...aliases];
    // One record per name, except that `*.x` and `x` share the same record.
    const validatedNames = [...new Set(names.map((n) => n.replace(/^\*\./, "")))];
    const optionFor = (host: string) =>
        certificate.domainValidationOptions.apply((options) => {
            const option =
                options.find((o) => o.domainName === host) ??
                options.find((o) => o.domainName === `*.${host}`) ??
                (validatedNames.length === 1 ? options[0] : undefined);
            if (!option) throw new Error(`${parent.label}: ACM returned no DNS validation record for ${host}`);
            return option;
        });
    const validationRecords = certificate.domainValidationOptions.apply((options) => {
        const records = new Map<string, DnsValidationRecord>();
        for (const o of options)
            records.set(o.resourceRecordName, { name: o.resourceRecordName, type: o.resourceRecordType, value: o.resourceRecordValue });
        return [...records.values()];
    });
    const zoneId = args.hostedZoneId;
    const recordSuffix = args.recordSuffix ?? ((host: string) => `validation-${host}`);
    const fqdns =
        zoneId === undefined
            ? undefined
            : validatedNames.map((host) => {
                  const option = optionFor(host);
                  return parent.child(
                      aws.route53.Record,
                      recordSuffix(host),
                      {
                          zoneId,
                          name: option.resourceRecordName,
                          type: option.resourceRecordType,
                          records: [option.resourceRecordValue],
                          ttl: 300,
                          allowOverwrite: true,
                      },
                      t.validationRecord,
                  ).fqdn;
              });
    const validation = parent.child(
        aws.acm.CertificateValidation,
        "certificate-validation",
        { ...region, certificateArn: certificate.arn, ...(fqdns !== undefined ? { validationRecordFqdns: fqdns } : {}) },
        t.certificateValidation,
    );
    return { certificate, validation, certificateArn: validation.certificateArn, validationRecords };
}
