export * from './context';
export * from './middleware';
export * from './logger';
export * from './env';
export * from './http';
export * from './sdl';
export * from './subgraph';
export * from './internal';
