/**
 * A message as a sentence on a page: its first letter capitalised. Server
 * messages start in lowercase so they read well after a prefix ("login
 * form is invalid: …"); pages show them on their own.
 *
 * @example sentence('the post is empty') // 'The post is empty'
 */
export function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}
