/**
 * Who a request or connection belongs to, as resolved from its session
 * cookie. This is what middleware puts in a scope; never the password hash.
 */
export type SessionUser = {
  id: string;
  username: string;
  isStaff: boolean;
};
