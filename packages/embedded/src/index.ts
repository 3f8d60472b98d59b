/** Dev and test only: starts stores on loopback and stops exactly the processes it started. */
export interface Embedded {
  url: string;
  /** Set when this process started the server (and so will stop it). */
  pid?: number;
  /** Where the server keeps its data, when it persists (see startEmbeddedMongo / resolveRedis). */
  dataDir?: string;
  /** Persists now what the server holds (embedded MongoDB with a data directory only). */
  flush?(): Promise<void>;
  stop(): Promise<void>;
}

export { freePort, stopProcess } from './proc';
export { jongodbBinary, startEmbeddedMongo, type EmbeddedMongoOptions } from './jongodb';
export { redisAnswers, resolveRedis, startPrivateRedis, type RedisOptions } from './redis';
export { describeDevData } from './devData';
