import { Query } from './Query';
import { User } from './User';
import { scalars } from './scalars';

export const resolvers = { ...scalars, Query, User };
