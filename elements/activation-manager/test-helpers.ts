// Test-only: a fake Customer API answering the activation and license routes the way
// api/routes/customer/{activations,licenses}.ts do, for the real SDK client to talk to.
import type { Activation, MyLicenseDetail } from "@keyport/sdk";

const DAY_MS = 86_400_000;

export interface FakeLicense {
  readonly id: string;
  readonly name: string;
  readonly product: string;
  readonly maxMachines: number;
  readonly maxDomains: number;
  readonly protected?: boolean;
  /** `null`: no limit. */
  readonly deactivationLimit: number | null;
  readonly windowDays?: number;
  usedInWindow: number;
  /**
   * When the next deactivation is allowed once the window is used up, as the
   * license, its limit-reached activations and a 429 name it; by default a
   * whole window from now. Always `null` under a limit of 0.
   */
  readonly nextAllowedAt?: string;
}

export type FakeActivation = Omit<Activation, "canDeactivate" | "cannotDeactivateReason">;

export function daysAgo(days: number, now = Date.now()): string {
  return new Date(now - days * DAY_MS).toISOString();
}

/** An activation of `license` with sensible defaults; `id` orders the list (newest = highest). */
export function fakeActivation(
  license: FakeLicense,
  fields: Partial<FakeActivation> & Pick<FakeActivation, "id">,
): FakeActivation {
  return {
    licenseId: license.id,
    licenseName: license.name,
    kind: "machine",
    name: null,
    identifier: "4c1f0e9a…9d3b2e",
    hostname: null,
    platform: null,
    ip: null,
    version: null,
    createdAt: daysAgo(200),
    lastSeenAt: daysAgo(1),
    status: "active",
    deactivatedAt: null,
    deactivatedBy: null,
    reason: null,
    ...fields,
  };
}

const problem = (status: number, code: string, extensions: object = {}) =>
  Response.json(
    { type: "about:blank", title: code, status, code, detail: `raw ${code}`, ...extensions },
    { status, headers: { "content-type": "application/problem+json" } },
  );

/** The licenses and activations of one customer, and the requests made against them. */
export class FakePortalApi {
  readonly requests: Request[] = [];
  licenses: FakeLicense[] = [];
  activations: FakeActivation[] = [];
  /** Every call answers 401. */
  signedOut = false;
  /** Answers the next calls of a path with this status (a 500 by default), then goes back to normal. */
  failures: { path: string; status: number; times: number }[] = [];
  /** Holds answers until the promise settles, to see a pending state. */
  hold: Promise<unknown> | undefined;

  readonly fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    this.requests.push(request);
    if (this.hold !== undefined) await this.hold;
    const url = new URL(request.url);
    if (this.signedOut) return problem(401, "UNAUTHORIZED");
    const failure = this.failures.find((f) => f.path === url.pathname && f.times > 0);
    if (failure !== undefined) {
      failure.times -= 1;
      return problem(failure.status, "INTERNAL");
    }
    return this.#route(request.method, url, request);
  };

  calls(path: string, method = "GET"): URL[] {
    return this.requests
      .filter((r) => r.method === method && new URL(r.url).pathname === path)
      .map((r) => new URL(r.url));
  }

  #route(method: string, url: URL, request: Request): Response | Promise<Response> {
    const path = url.pathname;
    if (method === "GET" && path === "/v1/activations") return this.#list(url.searchParams);
    if (method === "GET" && path === "/v1/licenses") {
      return Response.json({ data: this.licenses.map((l) => this.#license(l)), nextCursor: null });
    }
    const license = path.match(/^\/v1\/licenses\/([^/]+)$/);
    if (method === "GET" && license) {
      const found = this.licenses.find((l) => l.id === license[1]);
      return found ? Response.json(this.#license(found)) : problem(404, "NOT_FOUND");
    }
    const deactivate = path.match(/^\/v1\/activations\/([^/]+)\/deactivate$/);
    if (method === "POST" && deactivate) return this.#deactivate(deactivate[1]!, request);
    return problem(404, "NOT_FOUND");
  }

  #licenseOf(activation: FakeActivation): FakeLicense {
    return this.licenses.find((l) => l.id === activation.licenseId)!;
  }

  #json(activation: FakeActivation): Activation {
    const license = this.#licenseOf(activation);
    const reason =
      activation.status === "deactivated"
        ? "deactivated"
        : license.protected
          ? "protected"
          : license.deactivationLimit !== null && license.usedInWindow >= license.deactivationLimit
            ? "limit_reached"
            : undefined;
    return {
      ...activation,
      canDeactivate: reason === undefined,
      ...(reason === undefined ? {} : { cannotDeactivateReason: reason }),
      ...(reason === "limit_reached" ? { nextAllowedAt: this.#nextAllowedAt(license) } : {}),
    };
  }

  /** Customer deactivations still allowed in the window; `null`: no limit. */
  #left(license: FakeLicense): number | null {
    return license.deactivationLimit === null
      ? null
      : Math.max(0, license.deactivationLimit - license.usedInWindow);
  }

  /** As the API: a date only while the window is used up, `null` under a limit of 0. */
  #nextAllowedAt(license: FakeLicense): string | null {
    if (this.#left(license) !== 0 || license.deactivationLimit === 0) return null;
    return license.nextAllowedAt ?? daysAgo(-(license.windowDays ?? 30));
  }

  #license(license: FakeLicense): MyLicenseDetail {
    const live = (kind: Activation["kind"]) =>
      this.activations.filter(
        (a) => a.licenseId === license.id && a.kind === kind && a.status !== "deactivated",
      ).length;
    return {
      id: license.id,
      name: license.name,
      product: { id: `prd_${license.product.length}`, name: license.product },
      status: "active",
      keyMasked: "•••••-•••••-•••••-•••••-4TJG9",
      expiresAt: null,
      maintenanceExpiresAt: null,
      machines: { used: live("machine"), total: license.maxMachines },
      domains: { used: live("domain"), total: license.maxDomains },
      createdAt: daysAgo(300),
      policy: {
        name: "Standard",
        expirationStrategy: "restrict",
        protected: license.protected ?? false,
        rules: [],
      },
      entitlements: [],
      assignedUsers: [],
      heartbeatSeconds: 3600,
      deactivations: {
        limit: license.deactivationLimit,
        windowDays: license.windowDays ?? 30,
        usedInWindow: license.usedInWindow,
        left: this.#left(license),
        nextAllowedAt: this.#nextAllowedAt(license),
      },
    };
  }

  #list(query: URLSearchParams): Response {
    const limit = Number(query.get("limit") ?? 20);
    const cursor = query.get("cursor");
    const status = query.get("status");
    const matches = this.activations
      .filter((a) => !query.has("licenseId") || a.licenseId === query.get("licenseId"))
      .filter((a) => !query.has("kind") || a.kind === query.get("kind"))
      .filter((a) => {
        if (status === null) return true;
        // As the API: `active` is every live one that is not dead, inactive ones included.
        if (status === "active") return a.status === "active" || a.status === "inactive";
        return a.status === status;
      })
      .sort((a, b) => (a.id < b.id ? 1 : -1))
      .filter((a) => cursor === null || a.id < atob(cursor));
    const page = matches.slice(0, limit);
    const more = matches.length > limit;
    return Response.json({
      data: page.map((a) => this.#json(a)),
      nextCursor: more ? btoa(page[page.length - 1]!.id) : null,
    });
  }

  #deactivate(id: string, _request: Request): Response {
    const index = this.activations.findIndex((a) => a.id === id);
    const activation = this.activations[index];
    if (activation === undefined) return problem(404, "NOT_FOUND");
    const license = this.#licenseOf(activation);
    const left = () => this.#left(license);
    if (activation.status === "deactivated") {
      return Response.json({ ...this.#json(activation), deactivationsLeft: left() });
    }
    if (license.protected) return problem(409, "ACTIVATION_PROTECTED");
    if (license.deactivationLimit !== null && license.usedInWindow >= license.deactivationLimit) {
      return problem(429, "DEACTIVATION_LIMIT_REACHED", {
        nextAllowedAt: this.#nextAllowedAt(license),
      });
    }
    const ended: FakeActivation = {
      ...activation,
      status: "deactivated",
      deactivatedAt: new Date().toISOString(),
      deactivatedBy: "customer",
    };
    this.activations[index] = ended;
    license.usedInWindow += 1;
    return Response.json({ ...this.#json(ended), deactivationsLeft: left() });
  }
}

/** The demo customer: "Design team" with 3 of 3 machines, OLD-PC unseen for 140 days. */
export function demoCustomer(api: FakePortalApi): {
  design: FakeLicense;
  web: FakeLicense;
  agency: FakeLicense;
} {
  const design: FakeLicense = {
    id: "lic_design",
    name: "Design team",
    product: "Acme Studio",
    maxMachines: 3,
    maxDomains: 0,
    deactivationLimit: 5,
    usedInWindow: 1,
  };
  const web: FakeLicense = {
    id: "lic_web",
    name: "Web shop",
    product: "Acme Studio",
    maxMachines: 0,
    maxDomains: 2,
    deactivationLimit: 2,
    usedInWindow: 2,
    nextAllowedAt: "2027-03-14T09:00:00.000Z",
  };
  const agency: FakeLicense = {
    id: "lic_agency",
    name: "Agency seats",
    product: "Acme Studio",
    maxMachines: 2,
    maxDomains: 0,
    protected: true,
    deactivationLimit: null,
    usedInWindow: 0,
  };
  api.licenses = [design, web, agency];
  api.activations = [
    fakeActivation(design, {
      id: "act_09",
      name: "STUDIO-MAC",
      hostname: "studio-mac.local",
      platform: "macOS 15",
      version: "3.0.1",
      lastSeenAt: daysAgo(0.01),
    }),
    fakeActivation(design, {
      id: "act_08",
      name: "BUILD-01",
      hostname: "build-01",
      platform: "Ubuntu 24.04",
      version: "3.0.0",
      status: "dead",
      lastSeenAt: daysAgo(3),
    }),
    fakeActivation(design, {
      id: "act_07",
      name: "OLD-PC",
      hostname: "old-pc.office.local",
      platform: "Windows 10",
      version: "2.4.0",
      status: "inactive",
      lastSeenAt: daysAgo(140),
    }),
    fakeActivation(design, {
      id: "act_06",
      name: "LAPTOP-2023",
      hostname: "laptop-2023",
      platform: "Windows 11",
      version: "2.9.0",
      status: "deactivated",
      lastSeenAt: daysAgo(60),
      deactivatedAt: daysAgo(20),
      deactivatedBy: "customer",
    }),
    fakeActivation(web, {
      id: "act_05",
      kind: "domain",
      identifier: "shop.example.com",
      lastSeenAt: daysAgo(0.2),
      version: "3.0.1",
    }),
    fakeActivation(agency, {
      id: "act_04",
      name: "AGENCY-WS1",
      hostname: "ws1.agency.example",
      platform: "Windows 11",
      version: "3.0.1",
      lastSeenAt: daysAgo(2),
    }),
  ];
  return { design, web, agency };
}
