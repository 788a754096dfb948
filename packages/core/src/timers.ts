/** A scheduled timer of an actor. Cancelling twice is harmless. */
export interface TimerHandle {
  cancel(): void;
}
