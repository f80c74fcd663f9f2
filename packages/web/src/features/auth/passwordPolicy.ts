/** The password policy the server enforces (PASSWORD_POLICY), checked inline before submitting. */

export const minPasswordLength = 10

/** How many of the four classes (upper, lower, digit, symbol) `pw` uses. */
export function characterClasses(pw: string): number {
  return [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(pw)).length
}

export type PolicyProblem = 'tooShort' | 'classes' | null

/** The first rule `pw` breaks, or null. */
export function policyProblem(pw: string): PolicyProblem {
  if (pw.length < minPasswordLength) return 'tooShort'
  if (characterClasses(pw) < 3) return 'classes'
  return null
}
