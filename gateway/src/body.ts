import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { keepRawBody } from './auth';
import type { LimitsConfig } from './config';

const TOO_DEEP = 'entity.too.deep';

/**
 * True when the JSON text nests objects/arrays deeper than `max`. One pass over the bytes,
 * no recursion and no allocation, so it runs before JSON.parse and costs O(length) at worst.
 * Brackets inside strings (escapes included) do not count; malformed JSON is left to JSON.parse.
 */
export function jsonDepthExceeds(buf: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * The gateway's JSON body parser: size limit, the exact bytes kept for the signature check,
 * and a cap on nesting. `variables` may nest `maxVariablesDepth` levels (the body object itself
 * is one more); deeper bodies answer 400 before they are parsed or authenticated.
 */
export function jsonBody(
  limits: LimitsConfig,
): [RequestHandler, (err: unknown, req: Request, res: Response, next: NextFunction) => void] {
  const maxBodyDepth = limits.maxVariablesDepth + 1;
  const message = `Request body nested too deeply: variables may nest at most ${limits.maxVariablesDepth} levels of objects and arrays`;
  const parse = express.json({
    limit: limits.maxBodyBytes,
    verify: (req, res, buf) => {
      if (jsonDepthExceeds(buf, maxBodyDepth))
        throw Object.assign(new Error(message), { status: 400, type: TOO_DEEP });
      keepRawBody(req, res, buf);
    },
  });
  const tooDeep = (err: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if ((err as { type?: string } | null)?.type !== TOO_DEEP) return next(err);
    res.status(400).json({ errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] });
  };
  return [parse, tooDeep];
}
