/**
 * The load-balancer front end of a web service: the load balancer's security group and its rules (443 and 80 from the
 * allowed blocks, the container port to the tasks and from it on the tasks' group), an internet-facing ALB, an `ip`
 * target group, the certificate (a DNS-validated one for a domain, through `dnsValidatedCertificate`), the HTTPS
 * listener and an HTTP listener that only redirects, the domain's alias record, and the web ACL association.
 *
 * Children, through `parent.child` with today's suffixes (never rename them): `alb-sg`, `alb-ingress-<port>-<cidr>`,
 * `alb-egress-service`, `service-ingress-alb`, `alb`, `tg`, `certificate`, `certificate-validation-record`,
 * `certificate-validation`, `alias`, `https`, `http`, `waf`.
 *
 * Internal: not exported from `components/src/index.ts`.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AwsVpcPlacement, Transform, WebAclProvider } from "../core";
import { dnsValidatedCertificate } from "./certificate";
import { bareSecurityGroup } from "./security-group";
import type { TaskParent } from "./fargate-task";

export interface LoadBalancerTransforms {
    loadBalancerSecurityGroup?: Transform<aws.ec2.SecurityGroupArgs>;
    ingressRule?: Transform<aws.vpc.SecurityGroupIngressRuleArgs>;
    egressRule?: Transform<aws.vpc.SecurityGroupEgressRuleArgs>;
    certificate?: Transform<aws.acm.CertificateArgs>;
    validationRecord?: Transform<aws.route53.RecordArgs>;
    certificateValidation?: Transform<aws.acm.CertificateValidationArgs>;
    aliasRecord?: Transform<aws.route53.RecordArgs>;
    loadBalancer?: Transform<aws.lb.LoadBalancerArgs>;
    targetGroup?: Transform<aws.lb.TargetGroupArgs>;
    httpsListener?: Transform<aws.lb.ListenerArgs>;
    httpListener?: Transform<aws.lb.ListenerArgs>;
    webAclAssociation?: Transform<aws.wafv2.WebAclAssociationArgs>;
}

/** The front end's settings, validated by the component. */
export interface FrontEndArgs {
    network: AwsVpcPlacement;
    /** Security group of the tasks the load balancer forwards to. */
    serviceSecurityGroupId: pulumi.Output<string>;
    port: number;
    /** Exactly one of `certificateArn` and `domain`. */
    certificateArn?: pulumi.Input<string>;
    domain?: { name: string; hostedZoneId: pulumi.Input<string>; aliases?: string[] };
    sslPolicy: string;
    allowedCidrs: string[];
    deletionProtection: boolean;
    idleTimeout: number;
    healthCheckPath: string;
    accessLogs?: { bucket: pulumi.Input<string>; prefix?: string };
    webAcl?: WebAclProvider;
    transform: LoadBalancerTransforms;
}

export interface FrontEnd {
    securityGroup: aws.ec2.SecurityGroup;
    loadBalancer: aws.lb.LoadBalancer;
    targetGroup: aws.lb.TargetGroup;
    httpsListener: aws.lb.Listener;
    /** `https://<domain>`, else `https://<load balancer DNS name>`. */
    url: pulumi.Output<string>;
}

/** Builds the load balancer in front of a service's tasks. */
export function loadBalancerFrontEnd(parent: TaskParent, args: FrontEndArgs): FrontEnd {
    const t = args.transform;
    const { name } = parent;
    const { port } = args;
    const egress = (suffix: string, ruleArgs: aws.vpc.SecurityGroupEgressRuleArgs) =>
        parent.child(aws.vpc.SecurityGroupEgressRule, suffix, { ...ruleArgs, tags: parent.tags }, t.egressRule);
    const ingress = (suffix: string, ruleArgs: aws.vpc.SecurityGroupIngressRuleArgs) =>
        parent.child(aws.vpc.SecurityGroupIngressRule, suffix, { ...ruleArgs, tags: parent.tags }, t.ingressRule);

    const albSg = bareSecurityGroup(
        parent,
        "alb-sg",
        { name: parent.physicalName("alb-sg"), description: `Load balancer of service ${name}`, vpcId: args.network.vpcId },
        t.loadBalancerSecurityGroup,
    );
    for (const cidr of args.allowedCidrs) {
        const source = cidr.includes(":") ? { cidrIpv6: cidr } : { cidrIpv4: cidr };
        for (const [listenerPort, what] of [
            [443, "HTTPS"],
            [80, "HTTP (redirects to HTTPS)"],
        ] as const) {
            ingress(`alb-ingress-${listenerPort}-${cidr}`, {
                securityGroupId: albSg.id,
                description: `${what} from ${cidr}`,
                ipProtocol: "tcp",
                fromPort: listenerPort,
                toPort: listenerPort,
                ...source,
            });
        }
    }
    egress("alb-egress-service", {
        securityGroupId: albSg.id,
        referencedSecurityGroupId: args.serviceSecurityGroupId,
        description: `To the tasks of ${name} on the container port`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
    });
    ingress("service-ingress-alb", {
        securityGroupId: args.serviceSecurityGroupId,
        referencedSecurityGroupId: albSg.id,
        description: `From the load balancer of ${name}`,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
    });

    const loadBalancer = parent.child(
        aws.lb.LoadBalancer,
        "alb",
        {
            name: parent.physicalName("", "loadBalancer"),
            loadBalancerType: "application",
            internal: false,
            subnets: args.network.publicSubnetIds,
            securityGroups: [albSg.id],
            dropInvalidHeaderFields: true,
            enableDeletionProtection: args.deletionProtection,
            idleTimeout: args.idleTimeout,
            accessLogs: args.accessLogs ? { bucket: args.accessLogs.bucket, prefix: args.accessLogs.prefix, enabled: true } : undefined,
            tags: parent.tags,
        },
        t.loadBalancer,
    );
    const targetGroup = parent.child(
        aws.lb.TargetGroup,
        "tg",
        {
            // The port is part of the name so a port change creates the new group before deleting the old one.
            name: parent.physicalName(`${port}`, "targetGroup"),
            port,
            protocol: "HTTP",
            protocolVersion: "HTTP1",
            targetType: "ip",
            vpcId: args.network.vpcId,
            deregistrationDelay: 30,
            healthCheck: {
                enabled: true,
                path: args.healthCheckPath,
                protocol: "HTTP",
                port: "traffic-port",
                matcher: "200-399",
                interval: 15,
                timeout: 5,
                healthyThreshold: 2,
                unhealthyThreshold: 3,
            },
            tags: parent.tags,
        },
        t.targetGroup,
    );

    let certificateArn: pulumi.Input<string>;
    let url: pulumi.Output<string>;
    const domain = args.domain;
    if (domain !== undefined) {
        const aliases = domain.aliases ?? [];
        const certificate = dnsValidatedCertificate(parent, {
            domainName: domain.name,
            aliases,
            hostedZoneId: domain.hostedZoneId,
            // The main name keeps its record's child name; each alias's record is named after its host.
            recordSuffix: (host) => (host === domain.name ? "certificate-validation-record" : `certificate-validation-record-${host}`),
            transform: { certificate: t.certificate, validationRecord: t.validationRecord, certificateValidation: t.certificateValidation },
        });
        certificateArn = certificate.certificateArn;
        parent.child(
            aws.route53.Record,
            "alias",
            {
                zoneId: domain.hostedZoneId,
                name: domain.name,
                type: "A",
                aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true }],
                allowOverwrite: true,
            },
            t.aliasRecord,
        );
        for (const host of aliases) {
            parent.child(
                aws.route53.Record,
                `alias-${host}`,
                {
                    zoneId: domain.hostedZoneId,
                    name: host,
                    type: "A",
                    aliases: [{ name: loadBalancer.dnsName, zoneId: loadBalancer.zoneId, evaluateTargetHealth: true }],
                    allowOverwrite: true,
                },
                t.aliasRecord,
            );
        }
        url = pulumi.output(`https://${domain.name}`);
    } else if (args.certificateArn !== undefined) {
        certificateArn = args.certificateArn;
        url = pulumi.interpolate`https://${loadBalancer.dnsName}`;
    } else {
        throw new Error(`${parent.label}: the load balancer needs a certificate (checked by the component)`);
    }

    const httpsListener = parent.child(
        aws.lb.Listener,
        "https",
        {
            loadBalancerArn: loadBalancer.arn,
            port: 443,
            protocol: "HTTPS",
            sslPolicy: args.sslPolicy,
            certificateArn,
            defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
            tags: parent.tags,
        },
        t.httpsListener,
    );
    parent.child(
        aws.lb.Listener,
        "http",
        {
            loadBalancerArn: loadBalancer.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
            tags: parent.tags,
        },
        t.httpListener,
    );
    if (args.webAcl !== undefined) {
        parent.child(
            aws.wafv2.WebAclAssociation,
            "waf",
            { resourceArn: loadBalancer.arn, webAclArn: args.webAcl.webAclArn },
            t.webAclAssociation,
        );
    }
    return { securityGroup: albSg, loadBalancer, targetGroup, httpsListener, url };
}
