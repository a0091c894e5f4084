import { Pseudonymizer } from '../../kernel/pseudonym';
import { liveCommentKey } from '../../models/submission-keys';

/** The pseudonymizer of tests that build the Facebook Live worker themselves. */
export const testPseudonymizer = new Pseudonymizer('test-secret-for-live-comment-keys-0123456789');

/** A Live comment's submission key (and reply key), as the bot under test computes it. */
export function commentKey(
  commentId: string,
  pseudonymizer: Pseudonymizer = testPseudonymizer,
): string {
  return liveCommentKey(pseudonymizer, commentId);
}
