package com.example.billing;

import jakarta.enterprise.context.ApplicationScoped;

/** Stands in for the application's mail service. */
@ApplicationScoped
public class Mailer {

  /** Sends a message; answers its id. */
  public String send(String to, String subject) {
    return "msg-" + Integer.toHexString((to + subject).hashCode());
  }
}
