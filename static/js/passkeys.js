// Names a passkey once django-otp-webauthn's script has registered it (its event carries
// the new passkey's id): the form on the two-factor page is sent to that passkey's URL.
// See templates/registration/twofactor_status.html and gugustugas/passkeys.py.
document.addEventListener("otp_webauthn.register_complete", (event) => {
  const form = document.querySelector("form[data-passkey-name-form]");
  const id = event.detail && event.detail.id;
  if (!form || !id) return;
  form.action = form.action.replace(/\/0\/name\/$/, `/${encodeURIComponent(id)}/name/`);
  form.submit();
});

// Enter in the name field starts the registration instead of sending an unnamed form.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!form.matches("form[data-passkey-name-form]") || !/\/0\/name\/$/.test(form.action)) return;
  event.preventDefault();
  const button = document.getElementById("passkey-register-button");
  if (button && !button.disabled) button.click();
});
