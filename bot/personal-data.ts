const emailPattern = /[\w.+-]+@[\w-]+(\.[\w-]+)+/g;
// Six or more digits, optionally separated: phone numbers, cédulas, NITs.
const longNumberPattern = /\+?\d[\d .-]{4,}\d/g;

/**
 * Masks e-mails and long numbers (phones, document numbers) in a free text: an error message
 * before it is logged, or a question kept for the public record after its author withdrew it.
 */
export function scrubPersonalData(text: string): string {
  return text.replace(emailPattern, '[correo]').replace(longNumberPattern, '[número]');
}
