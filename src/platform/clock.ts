// Time comes through the context so that tests and rehearsals can pin it.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
