// What crosses between the web node and the session nodes. Every class that crosses the wire has a
// @Wire name, loaded by every process.
import { Message, Wire } from '@troupe/core';

/** What a session knows: where it runs now and its cart. */
@Wire('shop.Cart')
export class Cart {
  constructor(
    readonly user: string,
    readonly node: string,
    readonly items: readonly string[],
  ) {}
}

/** Puts an item in the user's cart; replies with the cart. */
@Wire('shop.AddToCart')
export class AddToCart extends Message<Cart> {
  constructor(readonly item: string) {
    super();
  }
}

/** The cart as it is. */
@Wire('shop.ShowCart')
export class ShowCart extends Message<Cart> {}
