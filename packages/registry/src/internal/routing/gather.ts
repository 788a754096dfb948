/** How a fan-out router combines the replies of every member into the one `send` result. */
export type Gather = (replies: Promise<unknown>[]) => Promise<unknown>;

/** `broadcast`: every reply, in member order; the first error rejects. */
export const allReplies: Gather = (replies) => Promise.all(replies);

/**
 * `first-reply`: the first reply wins and the rest are ignored (their errors too). Rejects only when
 * every member failed, with the first error that arrived.
 */
export const firstReply: Gather = (replies) =>
  new Promise((resolve, reject) => {
    let pending = replies.length;
    let firstError: unknown;
    let failed = false;
    for (const reply of replies) {
      reply.then(resolve, (error: unknown) => {
        if (!failed) {
          failed = true;
          firstError = error;
        }
        if (--pending === 0) reject(firstError);
      });
    }
  });
