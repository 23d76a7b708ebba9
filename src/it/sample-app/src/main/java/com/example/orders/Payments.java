package com.example.orders;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Stands in for a payment provider's client. */
@ApplicationScoped
public class Payments {

  public String charge(String orderId, long cents) {
    if (cents <= 0) {
      throw new IllegalArgumentException("cannot charge " + cents + " cents for " + orderId);
    }
    return "ch_" + UUID.nameUUIDFromBytes(orderId.getBytes(StandardCharsets.UTF_8));
  }

  public void refund(String chargeId) {}
}
