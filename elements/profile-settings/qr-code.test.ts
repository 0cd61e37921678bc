/// <reference types="mocha" />
import { expect } from "@open-wc/testing";
import { qrPath } from "./qr-code.ts";
import { groupSecret, recoveryCodesText } from "./recovery-codes.ts";

/** Paints a path of `M x y h n v1 h-n z` runs back into rows, to compare with the matrix. */
function paint(path: string, size: number): string[] {
  const grid = Array.from({ length: size }, () => Array<string>(size).fill("0"));
  for (const [, x, y, n] of path.matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
    for (let i = 0; i < Number(n); i++) grid[Number(y)]![Number(x) + i] = "1";
  }
  return grid.map((row) => row.join(""));
}

describe("qrPath", () => {
  it("draws exactly the dark modules, one rectangle per run", () => {
    const rows = ["1101", "0000", "1111", "0110"];
    expect(qrPath(rows)).to.equal("M0 0h2v1h-2zM3 0h1v1h-1zM0 2h4v1h-4zM1 3h2v1h-2z");
    const random = Array.from({ length: 25 }, (_, y) =>
      Array.from({ length: 25 }, (_, x) => ((x * 31 + y * 17) % 3 === 0 ? "1" : "0")).join(""),
    );
    expect(paint(qrPath(random), 25)).to.deep.equal(random);
  });

  it("groups the key by four and writes the codes one a line", () => {
    expect(groupSecret("JBSWY3DPEHPK3PXPJB")).to.equal("JBSW Y3DP EHPK 3PXP JB");
    expect(recoveryCodesText(["a-b", "c-d"], { title: "T", hint: "H" })).to.equal(
      "T\n\nH\n\na-b\nc-d\n",
    );
  });
});
