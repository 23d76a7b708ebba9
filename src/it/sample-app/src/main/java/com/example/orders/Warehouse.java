package com.example.orders;

import jakarta.enterprise.context.ApplicationScoped;

/** Stands in for the warehouse's shipping API. */
@ApplicationScoped
public class Warehouse {

  public String ship(String orderId) {
    return "parcel-" + orderId;
  }
}
