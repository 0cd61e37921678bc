/**
 * The reference for an English date in a customer-facing sentence: the long
 * British day of `date` in `timeZone`, as `Intl` writes it (`14 March 2027`).
 *
 * Tests whose dates move with the clock compare against this; each file also
 * checks one hand-written literal, so a mistake here cannot agree with the
 * same mistake in the code under test.
 *
 * @example
 * englishDay(new Date("2027-03-14T23:30:00Z"));                  // "14 March 2027"
 * englishDay(new Date("2027-03-14T23:30:00Z"), "Europe/Berlin"); // "15 March 2027"
 */
export function englishDay(date: Date, timeZone = "UTC"): string {
  return date.toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone,
  });
}
