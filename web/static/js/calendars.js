// Copy buttons for the calendar subscription addresses. Without this file
// the addresses stay selectable (one click selects them whole); with it,
// each address marked data-copy gets a "Copier" button and a status line
// that screen readers announce.
(function () {
  'use strict';

  function select(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function copy(el) {
    var text = el.textContent.trim();
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    // Outside https, the older command copies the selection.
    select(el);
    return document.execCommand('copy') ? Promise.resolve() : Promise.reject(new Error('copy'));
  }

  document.querySelectorAll('[data-copy]').forEach(function (el) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'button button-secondary';
    button.textContent = 'Copier';
    var hidden = document.createElement('span');
    hidden.className = 'visually-hidden';
    hidden.textContent = ' ' + el.getAttribute('data-copy');
    button.appendChild(hidden);
    var status = document.createElement('p');
    status.className = 'copy-status';
    status.setAttribute('role', 'status');
    button.addEventListener('click', function () {
      copy(el).then(function () {
        status.textContent = 'Adresse copiée : collez-la dans votre agenda.';
      }, function () {
        select(el);
        status.textContent = 'La copie n\u2019a pas fonctionné : l\u2019adresse est sélectionnée, copiez-la avec Ctrl+C (ou un appui long sur téléphone).';
      });
    });
    var holder = el.parentNode;
    holder.parentNode.insertBefore(button, holder.nextSibling);
    button.parentNode.insertBefore(status, button.nextSibling);
  });
}());
