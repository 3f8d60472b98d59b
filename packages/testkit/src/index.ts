export * from './stack';
export * from './http';
export * from './callers';
export * from './faults';
export * from './metrics';
export * from './redisRoundTrips';
