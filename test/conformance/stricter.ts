/**
 * Shared vectors (read-only, in ../shared/conformance) whose expected answer is looser than the one Ratchet gives by
 * design: the answer the runner holds instead, and the reason. Each must be stricter than the vector's own answer;
 * the runner checks that, and prints every entry it applied.
 */
export const HELD_STRICTER: Readonly<Record<string, { readonly decision: string; readonly reason: string }>> = {
  'req-rule-gated-by-user-host-executable-allowlist': {
    decision: 'forbidden',
    reason:
      "the requirements' decision is computed on its own: a user host_executable entry cannot narrow which paths a " +
      'requirements rule applies to (Codex merges both into one policy, so the user file removes the rule)',
  },
  'user-env-assignment-prevents-split': {
    decision: 'forbidden',
    reason:
      'the script is read with the shell grammar: the leading assignment is dropped and `git push` is judged, as the ' +
      'shell runs it (Codex leaves the whole argv unsplit, so no rule applies)',
  },
  'user-unlisted-shell-path-not-split': {
    decision: 'forbidden',
    reason:
      'a program whose basename is a shell is read as one wherever it lives: /tmp/bash -lc still runs `rm -rf dist` ' +
      '(Codex trusts only listed shell paths for splitting, so no rule applies)',
  },
};
