// A user's session: a sharded entity. It exists once in the cluster, on whichever node owns its
// shard; it is started by its first message (with the user id) and stopped after ten idle seconds.
import 'reflect-metadata';
import { Actor, Handler, type Context } from '@troupe/core';
import { Entity } from '@troupe/remote';
import { AddToCart, Cart, ShowCart } from './messages';

@Actor()
@Entity('session', { passivateAfterMs: 10_000, shards: 30 })
export class Session {
  private readonly items: string[] = [];

  constructor(readonly user: string) {}

  @Handler(AddToCart) add(m: AddToCart, ctx: Context<Session>): Cart {
    this.items.push(m.item);
    return this.cart(ctx);
  }

  @Handler(ShowCart) show(_: ShowCart, ctx: Context<Session>): Cart {
    return this.cart(ctx);
  }

  private cart(ctx: Context<Session>): Cart {
    return new Cart(this.user, ctx.system.name, [...this.items]);
  }
}
