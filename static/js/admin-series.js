// The articles of a series, in order: drag a row by its handle, or move it with « Monter » /
// « Descendre »; the « ordre » fields are renumbered 1, 2… in the rows' order, so what is
// saved is what the editor sees. Without this script the numbers typed are the order.
(function () {
    'use strict';

    function rowsOf(body) {
        return Array.from(body.querySelectorAll('tr.form-row')).filter(
            (row) => !row.classList.contains('empty-form')
        );
    }

    function renumber(body) {
        rowsOf(body).forEach((row, index) => {
            const input = row.querySelector('input[name$="-position"]');
            if (input) {
                input.value = index + 1;
            }
        });
    }

    function announce(body, message) {
        const live = body.closest('.inline-group').querySelector('.series-entries__live');
        if (live) {
            live.textContent = message;
        }
    }

    function move(row, step) {
        const body = row.parentElement;
        const rows = rowsOf(body);
        const index = rows.indexOf(row);
        const target = rows[index + step];
        if (!target) {
            return;
        }
        body.insertBefore(row, step < 0 ? target : target.nextSibling);
        renumber(body);
        announce(body, 'Article déplacé en position ' + (index + step + 1) + ' sur ' + rows.length + '.');
    }

    function button(label, step) {
        const b = document.createElement('button');
        b.type = 'button';
        b.className = 'series-entry__move';
        b.textContent = label;
        b.dataset.step = step;
        return b;
    }

    function equip(row) {
        if (row.classList.contains('empty-form') || row.querySelector('.series-entry__tools')) {
            return;
        }
        const cell = row.querySelector('td.field-position') || row.querySelector('td');
        const tools = document.createElement('span');
        tools.className = 'series-entry__tools';
        const handle = document.createElement('span');
        handle.className = 'series-entry__handle';
        handle.textContent = '⠿';
        handle.title = 'Glisser pour déplacer';
        handle.setAttribute('aria-hidden', 'true');
        tools.append(handle, button('Monter', -1), button('Descendre', 1));
        cell.append(tools);
        row.draggable = true;
    }

    function setUp(group) {
        const body = group.querySelector('tbody');
        if (!body) {
            return;
        }
        const live = document.createElement('p');
        live.className = 'series-entries__live visually-hidden';
        live.setAttribute('aria-live', 'polite');
        group.append(live);
        rowsOf(body).forEach(equip);
        let dragged = null;
        body.addEventListener('click', (event) => {
            const mover = event.target.closest('.series-entry__move');
            if (mover) {
                move(mover.closest('tr'), Number(mover.dataset.step));
                mover.focus();
            }
        });
        body.addEventListener('dragstart', (event) => {
            dragged = event.target.closest && event.target.closest('tr.form-row');
            if (dragged) {
                dragged.classList.add('series-entry--dragged');
                event.dataTransfer.effectAllowed = 'move';
            }
        });
        body.addEventListener('dragover', (event) => {
            const over = event.target.closest && event.target.closest('tr.form-row');
            if (!dragged || !over || over === dragged || over.classList.contains('empty-form')) {
                return;
            }
            event.preventDefault();
            const rect = over.getBoundingClientRect();
            const after = event.clientY > rect.top + rect.height / 2;
            body.insertBefore(dragged, after ? over.nextSibling : over);
        });
        body.addEventListener('dragend', () => {
            if (dragged) {
                dragged.classList.remove('series-entry--dragged');
                dragged = null;
                renumber(body);
            }
        });
        document.addEventListener('formset:added', (event) => {
            const row = event.target;
            if (row && body.contains(row)) {
                equip(row);
                renumber(body);
            }
        });
    }

    document.addEventListener('DOMContentLoaded', () => {
        document.querySelectorAll('.inline-group .series-entries, .inline-group.series-entries').forEach((el) => {
            setUp(el.closest('.inline-group') || el);
        });
    });
})();
