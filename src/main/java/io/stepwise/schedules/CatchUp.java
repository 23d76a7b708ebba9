package io.stepwise.schedules;

/** What to do at start about firings missed while no replica ran. */
public enum CatchUp {
  /** Nothing: the schedule resumes with its next firing. */
  NONE,
  /**
   * Create the instance of the most recent missed firing (Cloudflare's behaviour, and the default).
   */
  LAST,
  /** Create every missed firing within the catch-up window. */
  ALL
}
