package io.stepwise.security;

/** The two roles of the REST API. An operate key may also read. */
public final class Roles {

  /** List and get instances and workflows, subscribe to an instance. */
  public static final String READ = "read";

  /** Create, pause, resume, terminate, restart, send events, delete. */
  public static final String OPERATE = "operate";

  private Roles() {}
}
