// The demo page shows the simulated phone's status page beside the contacts. When the phone runs
// on another address, open the page as index.html?phone=127.0.0.1:PORT.
const phone = new URLSearchParams(location.search).get('phone');
if (phone && /^[0-9.]+:[0-9]+$/.test(phone)) {
  document.getElementById('phone-status').src = `http://${phone}/__sim/status`;
}
