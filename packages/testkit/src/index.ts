export * from './stack';
export * from './http';
export * from './callers';
export * from './metrics';
