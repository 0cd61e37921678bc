import { defineMessages } from "../internal/i18n.ts";

const en = {
  "sign-in.title": "Sign in",
  "sign-in.intro": "Use the email address and password of your account.",
  "sign-in.submit": "Sign in",
  "sign-in.pending": "Signing in…",
  "sign-in.forgot": "Forgot password?",
  "signed-in": "You are signed in.",
  "sign-in.invalid": "The email address or the password is not right. Check both and try again.",
  "totp.title": "Two-step verification",
  "totp.intro": "Enter the 6-digit code from your authenticator app.",
  "totp.intro.recovery": "Enter one of the recovery codes you saved when you turned this on.",
  "totp.code": "Authentication code",
  "totp.recovery-code": "Recovery code",
  "totp.use-recovery": "Use a recovery code instead",
  "totp.use-app": "Use the authenticator app instead",
  "totp.submit": "Verify",
  "totp.invalid": "The code is not right, or it was used before. Enter the current code.",
  "totp.missing": "Enter the code.",
  "forgot.title": "Reset your password",
  "forgot.intro": "Enter the email address of your account and we will send you a link.",
  "forgot.submit": "Send link",
  "forgot.sent.title": "Check your inbox",
  "forgot.sent":
    "If an account exists for that address, we sent a link. It works once, for one hour.",
  "forgot.sent.hint": "Nothing there after a few minutes? Look in your spam folder.",
  "reset.title": "Choose a new password",
  "reset.intro": "Your new password ends every session that is still signed in.",
  "invitation.title": "Choose a password",
  "invitation.intro": "You were invited to the portal. Choose a password to finish your account.",
  "reset.submit": "Save password",
  "invitation.submit": "Save and continue",
  "reset.done.title": "Your password is set",
  "reset.done": "Sign in with your new password.",
  "reset.token-invalid":
    "This link is not valid any more: it was used already or has expired. Ask for a new one.",
  "reset.token-missing": "This page needs the link from your email. Open the link again.",
  "reset.request-new": "Ask for a new link",
  "back.sign-in": "Back to sign in",
  "field.email": "Email address",
  "field.password": "Password",
  "field.new-password": "New password",
  "field.confirm-password": "Confirm new password",
  "field.new-password.hint": "At least 12 characters. A few unrelated words work well.",
  "error.email.missing": "Enter your email address.",
  "error.email.invalid": "Enter an email address like name@example.com.",
  "error.password.missing": "Enter your password.",
  "error.new-password.missing": "Enter a new password.",
  "error.confirm.mismatch": "The two passwords are not the same.",
  "error.throttled": "Too many attempts. Try again {when}.",
  "error.throttled.later": "Too many attempts. Try again later.",
  "error.generic": "Something went wrong. Try again in a moment.",
  "error.network": "Keyport cannot be reached. Check your connection and try again.",
  "weak.too-short": "Use at least {count} characters.",
  "weak.too-long": "Use at most {count} characters.",
  "weak.common": "This is one of the most common passwords. Choose one that is harder to guess.",
  "weak.repeated": "Do not repeat a single character.",
  "weak.personal": "Do not use your email address or name.",
};

/** A key of `loginFormMessages`. */
export type LoginFormMessageKey = keyof typeof en;

/** The strings of `<login-form>`: English, and German in the formal "Sie". */
export const loginFormMessages = defineMessages({
  en,
  de: () => import("./login-form-messages-de.ts"),
});
