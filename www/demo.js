// The demo pages show the simulated phone's status page beside their content. When the phone runs
// on another address, open a page as index.html?phone=127.0.0.1:PORT; the navigation keeps it.
const phone = new URLSearchParams(location.search).get('phone');
if (phone && /^[0-9.]+:[0-9]+$/.test(phone)) {
  document.getElementById('phone-status').src = `http://${phone}/__sim/status`;
  for (const link of document.querySelectorAll('header nav a')) {
    link.search = `?phone=${phone}`;
  }
}
