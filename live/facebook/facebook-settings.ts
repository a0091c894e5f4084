/** Facebook Page webhooks (Live comments) and private replies through the Graph API. */
export interface FacebookConfig {
  appSecret: string;
  verifyToken: string;
  pageId: string;
  pageAccessToken: string;
  /** e.g. https://graph.facebook.com/v24.0 */
  graphApiUrl: string;
  /** How often stalled private replies are looked for without waiting for a webhook. */
  resumeIntervalMs: number;
  /** Comments one commenter may have processed a minute; the excess is dropped. 0 = no cap. */
  commentsPerCommenterPerMinute: number;
}
