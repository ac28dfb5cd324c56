/* Stripe Payment Element with deferred intent creation: the server freezes the basket and
   creates the PaymentIntent only when the shopper presses Pay. */
(function () {
  "use strict";
  var form = document.getElementById("stripe-payment-form");
  if (!form || !window.Stripe) { return; }

  var stripe = window.Stripe(form.dataset.publishableKey);
  var elements = stripe.elements({
    mode: "payment",
    amount: parseInt(form.dataset.amount, 10),
    currency: form.dataset.currency,
  });
  elements.create("payment").mount("#payment-element");

  var button = document.getElementById("pay-button");
  var errorBox = document.getElementById("payment-error");
  var csrf = form.querySelector("[name=csrfmiddlewaretoken]").value;
  button.disabled = false;

  function post(url) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" },
      body: new FormData(form),  // carries the newsletter opt-in box
    });
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.classList.remove("d-none");
    button.disabled = false;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    button.disabled = true;
    errorBox.classList.add("d-none");

    var submitted = await elements.submit();
    if (submitted.error) { return showError(submitted.error.message); }

    var response = await post(form.dataset.prepareUrl);
    if (response.redirected) { window.location = response.url; return; }
    var body = await response.json().catch(function () { return {}; });
    if (!response.ok) { return showError(body.error || "We could not start the payment."); }

    var result = await stripe.confirmPayment({
      elements: elements,
      clientSecret: body.client_secret,
      confirmParams: { return_url: body.return_url },
    });
    // Only reached when the payment failed before any redirect: give the basket back.
    await post(form.dataset.cancelUrl);
    showError(result.error.message);
  });
})();
