import { createEntitlement } from "../catalogue/entitlement-service.ts";
import { createPolicy } from "../catalogue/policy-service.ts";
import { createProduct } from "../catalogue/product-service.ts";
import { createRelease } from "../catalogue/release-service.ts";
import type { AppDeps } from "../core/deps.ts";
import type { Policy } from "../db/schema.ts";
import { uploadAsset } from "../downloads/asset-service.ts";
import { demoInstallerBytes, demoPdfBytes, streamOf } from "./demo-content.ts";

/** The demo vendor's policies, by the role they play in the demo. */
export interface DemoPolicies {
  readonly studioPro: Policy;
  readonly studioTeam: Policy;
  readonly studioNodeLocked: Policy;
  readonly formsBusiness: Policy;
}

/**
 * The demo vendor's catalogue, made through the Vendor API's services: two
 * products (a desktop app activated per machine, a WordPress plugin activated
 * per domain), entitlements, policies and releases with generated files.
 */
export async function seedDemoCatalogue(
  deps: AppDeps,
  at: (days: number) => Date,
): Promise<DemoPolicies> {
  const { db } = deps;

  for (const [code, name] of [
    ["pro", "Pro features"],
    ["cloud-sync", "Cloud sync"],
    ["sso", "Single sign-on"],
    ["priority-support", "Priority support"],
  ] as const) {
    await createEntitlement(db, { code, name });
  }

  const studio = await createProduct(db, {
    name: "Acme Studio",
    slug: "acme-studio",
    description: "A desktop design studio for Windows, macOS and Linux, activated per machine.",
  });
  const forms = await createProduct(db, {
    name: "Acme Forms for WordPress",
    slug: "acme-forms",
    description: "A WordPress forms plugin, activated per site domain.",
  });

  const studioPro = await createPolicy(db, {
    productId: studio.id,
    name: "Studio Pro (annual)",
    maxMachines: 3,
    maxDomains: 0,
    durationDays: 365,
    expirationStrategy: "restrict",
    deactivationLimit: 3,
    deactivationWindowDays: 30,
    entitlements: ["pro", "cloud-sync"],
  });
  const studioTeam = await createPolicy(db, {
    productId: studio.id,
    name: "Studio Team (annual, online)",
    maxMachines: 10,
    maxDomains: 0,
    durationDays: 365,
    expirationStrategy: "restrict",
    heartbeatSeconds: 3600,
    entitlements: ["pro", "cloud-sync", "sso", "priority-support"],
  });
  const studioNodeLocked = await createPolicy(db, {
    productId: studio.id,
    name: "Studio Node-locked",
    maxMachines: 1,
    maxDomains: 0,
    durationDays: 365,
    expirationStrategy: "revoke",
    deactivationLimit: 0,
    protected: true,
    entitlements: ["pro"],
  });
  const formsBusiness = await createPolicy(db, {
    productId: forms.id,
    name: "Forms Business (annual)",
    maxMachines: 0,
    maxDomains: 5,
    durationDays: 365,
    expirationStrategy: "maintain",
    deactivationLimit: 5,
    deactivationWindowDays: 30,
    entitlements: ["pro"],
  });

  await seedReleases(deps, studio.id, forms.id, at);
  return { studioPro, studioTeam, studioNodeLocked, formsBusiness };
}

async function seedReleases(
  { db, assets, config }: AppDeps,
  studioId: string,
  formsId: string,
  at: (days: number) => Date,
): Promise<void> {
  const maxBytes = config.uploadMaxBytes;
  const upload = async (
    releaseId: string,
    filename: string,
    kind: "installer" | "docs" | "other",
    platform: string | null,
    arch: string | null,
    bytes: Uint8Array,
    contentType: string,
    requiredEntitlements: string[] = [],
  ) => {
    await uploadAsset(
      db,
      assets,
      { releaseId, filename, kind, platform, arch, contentType, requiredEntitlements },
      streamOf(bytes),
      { maxBytes },
    );
  };
  const installers: Record<string, [string, string, string, string]> = {
    windows: ["windows", "x64", "msi", "application/x-msi"],
    macos: ["macos", "universal", "dmg", "application/x-apple-diskimage"],
    linux: ["linux", "x64", "tar.gz", "application/gzip"],
  };

  const studioReleases: [string, number, string[], string][] = [
    ["2.4.0", -420, ["windows"], "Faster exports and a new colour picker."],
    ["2.5.0", -210, ["windows", "macos"], "Apple silicon support and smarter guides."],
    [
      "3.0.0",
      -25,
      ["windows", "macos", "linux"],
      "A new canvas engine, Linux support and cloud sync.",
    ],
    ["3.1.0-beta.1", -3, ["windows"], "Preview: collaborative comments."],
  ];
  for (const [version, days, platforms, notes] of studioReleases) {
    const release = await createRelease(db, {
      productId: studioId,
      version,
      publishedAt: at(days),
      notes,
    });
    for (const name of platforms) {
      const [platform, arch, extension, type] = installers[name]!;
      const filename = `acme-studio-${version}-${platform}-${arch}.${extension}`;
      await upload(
        release.id,
        filename,
        "installer",
        platform,
        arch,
        demoInstallerBytes(filename),
        type,
      );
    }
    if (!version.includes("-")) {
      await upload(
        release.id,
        `acme-studio-${version}-manual.pdf`,
        "docs",
        null,
        null,
        demoPdfBytes(`Acme Studio ${version} manual`, [notes, "Generated by the Keyport demo."]),
        "application/pdf",
      );
    }
    if (version === "3.0.0") {
      const filename = "acme-studio-3.0.0-cloud-sync-connector.zip";
      await upload(
        release.id,
        filename,
        "other",
        "any",
        null,
        demoInstallerBytes(filename, 16 * 1024),
        "application/zip",
        ["cloud-sync"],
      );
    }
  }

  for (const [version, days] of [
    ["1.9.0", -300],
    ["2.0.0", -60],
    ["2.1.0", -10],
  ] as const) {
    const release = await createRelease(db, {
      productId: formsId,
      version,
      publishedAt: at(days),
      notes: `Acme Forms ${version}.`,
    });
    const filename = `acme-forms-${version}.zip`;
    await upload(
      release.id,
      filename,
      "installer",
      "any",
      null,
      demoInstallerBytes(filename, 24 * 1024),
      "application/zip",
    );
    if (version === "2.0.0") {
      await upload(
        release.id,
        "acme-forms-2.0.0-guide.pdf",
        "docs",
        null,
        null,
        demoPdfBytes("Acme Forms 2.0 guide", [
          "Install, activate your domain, build your first form.",
        ]),
        "application/pdf",
      );
    }
  }
}
