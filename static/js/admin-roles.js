// Roles and their lists on the article page (and a role's lists on its own page):
// reorder by dragging a handle (⠿) or with « Monter / Descendre », add list rows from their
// <template>, keep the hidden order/positions numbered as shown, and say each move aloud
// through a live region. The server never trusts these numbers for more than the order
// (roles/admin/items.py); without this script the page still saves.
//
// Lists: an element marked data-sortable-list holds rows marked data-sortable-item (its
// direct children); data-sort-field names the hidden input each row numbers ("order" for a
// role, "position" for an item) and data-sort-label what a row is called when announced.
'use strict';
{
    let status = null;
    let dragged = null;
    let draggedFrom = 0;

    function announce(message) {
        if (!status) {
            return;
        }
        status.textContent = '';
        // A new text node after a pause: screen readers repeat an identical message too.
        window.setTimeout(() => { status.textContent = message; }, 50);
    }

    function rowsOf(list) {
        return Array.from(list.children).filter(
            (row) => row.matches('[data-sortable-item]') && !row.hidden
        );
    }

    function ownInput(row, field) {
        // A role's own order, not the positions of the items inside it.
        return Array.from(row.querySelectorAll('input[name$="-' + field + '"]')).find(
            (input) => !input.closest('.role-lists') || row.matches('.role-item')
        );
    }

    function nameOf(row) {
        const title = row.matches('.role-item')
            ? row.querySelector('textarea')
            : ownInput(row, 'title');
        const text = (title && title.value.trim()) || '';
        if (!text) {
            return '';
        }
        return ' « ' + (text.length > 50 ? text.slice(0, 50) + '…' : text) + ' »';
    }

    function renumber(list) {
        const field = list.dataset.sortField;
        rowsOf(list).forEach((row, index) => {
            const input = ownInput(row, field);
            if (input) {
                input.value = index + 1;
            }
        });
        relabel(list);
    }

    // Each item's field is named by its place (« Mission 2 »), never by its text.
    function relabel(list) {
        const label = list.dataset.sortLabel;
        rowsOf(list).forEach((row, index) => {
            if (row.matches('.role-item')) {
                const fields = row.querySelectorAll('.role-item__fields textarea');
                fields.forEach((textarea) => {
                    textarea.dataset.label = textarea.dataset.label || textarea.getAttribute('aria-label') || '';
                    textarea.setAttribute(
                        'aria-label',
                        fields.length === 1
                            ? label + ' ' + (index + 1)
                            : label + ' ' + (index + 1) + ' : ' + textarea.dataset.label.toLowerCase()
                    );
                });
            }
        });
    }

    function placeOf(row) {
        const rows = rowsOf(row.parentElement);
        return [rows.indexOf(row) + 1, rows.length];
    }

    function sayPlace(row) {
        const [place, count] = placeOf(row);
        announce(row.parentElement.dataset.sortLabel + nameOf(row) + ' : position ' + place + ' sur ' + count + '.');
    }

    function move(row, step) {
        const rows = rowsOf(row.parentElement);
        const index = rows.indexOf(row);
        const target = rows[index + step];
        const label = row.parentElement.dataset.sortLabel + nameOf(row);
        if (!target) {
            announce(label + (step < 0 ? ' est déjà en première position.' : ' est déjà en dernière position.'));
            return;
        }
        row.parentElement.insertBefore(row, step < 0 ? target : target.nextSibling);
        renumber(row.parentElement);
        sayPlace(row);
    }

    function addItem(button) {
        const section = button.closest('.role-list');
        const group = button.closest('[data-item-formset]');
        const total = group.querySelector('input[name$="-TOTAL_FORMS"]');
        const template = section.querySelector('template');
        const list = section.querySelector('[data-sortable-list]');
        // The template was written under the prefix the page had then; a role added since
        // has its own number (Django renumbered the management form, not the template).
        const prefix = total.name.replace(/-TOTAL_FORMS$/, '');
        const index = parseInt(total.value, 10);
        const holder = document.createElement('ol');
        holder.innerHTML = template.innerHTML.split(template.dataset.prefix + '-__prefix__').join(prefix + '-' + index);
        const row = holder.firstElementChild;
        list.appendChild(row);
        total.value = index + 1;
        renumber(list);
        const field = row.querySelector('textarea');
        if (field) {
            field.focus();
        }
        const [place] = placeOf(row);
        announce('Nouvelle ligne (' + list.dataset.sortLabel.toLowerCase() + ') en position ' + place + '.');
    }

    function updateSummary(input) {
        const block = input.closest('.role-block');
        const match = /-(title|nickname)$/.exec(input.name);
        if (!block || !match || input.closest('.role-lists')) {
            return;
        }
        const summary = block.querySelector('.role-block__' + (match[1] === 'title' ? 'title' : 'nickname'));
        if (!summary) {
            return;
        }
        const value = input.value.trim();
        if (match[1] === 'title') {
            summary.textContent = value || 'Nouveau rôle';
        } else {
            summary.textContent = value ? ' — ' + value : '';
        }
    }

    document.addEventListener('click', (event) => {
        const mover = event.target.closest('.sort-move');
        if (mover) {
            event.preventDefault();
            const row = mover.closest('[data-sortable-item]');
            if (row && row.parentElement.matches('[data-sortable-list]')) {
                move(row, parseInt(mover.dataset.move, 10));
                mover.focus();
            }
            return;
        }
        const remover = event.target.closest('.role-item__remove');
        if (remover) {
            // A row never saved: gone from the page, its number is simply not sent.
            event.preventDefault();
            const row = remover.closest('.role-item');
            const list = row.parentElement;
            const label = list.dataset.sortLabel + nameOf(row);
            row.remove();
            renumber(list);
            list.closest('.role-list').querySelector('.role-list__add').focus();
            announce('Ligne retirée : ' + label + '.');
            return;
        }
        const adder = event.target.closest('.role-list__add');
        if (adder) {
            event.preventDefault();
            addItem(adder);
        }
    });

    // Django's « remove » link of a role not yet saved renumbers the remaining forms in page
    // order, which after a move is no longer their order in the formset (a saved role would
    // become a new one). Instead the role is hidden and marked deleted: the server skips it.
    document.addEventListener('click', (event) => {
        const link = event.target.closest('.role-block a.inline-deletelink');
        if (!link) {
            return;
        }
        event.preventDefault();
        event.stopPropagation();
        const row = link.closest('.role-block');
        const list = row.parentElement;
        const box = Array.from(row.querySelectorAll('input[name$="-DELETE"]')).find(
            (input) => !input.closest('.role-lists')
        );
        if (box) {
            box.checked = true;
        }
        const name = nameOf(row);
        row.hidden = true;
        renumber(list);
        announce('Rôle' + name + ' retiré.');
    }, true);

    document.addEventListener('formset:added', (event) => {
        const row = event.target;
        if (!row.matches || !row.matches('.role-block')) {
            return;
        }
        row.setAttribute('data-sortable-item', '');
        renumber(row.parentElement);
        const [place] = placeOf(row);
        announce('Rôle ajouté en position ' + place + '.');
    });

    document.addEventListener('input', (event) => {
        if (event.target.matches('input')) {
            updateSummary(event.target);
        }
    });

    // --- Dragging ------------------------------------------------------------------------

    document.addEventListener('dragstart', (event) => {
        const handle = event.target.closest && event.target.closest('.sort-handle');
        if (!handle) {
            return;
        }
        dragged = handle.closest('[data-sortable-item]');
        if (!dragged || !dragged.parentElement.matches('[data-sortable-list]')) {
            dragged = null;
            return;
        }
        draggedFrom = placeOf(dragged)[0];
        event.dataTransfer.effectAllowed = 'move';
        event.dataTransfer.setData('text/plain', nameOf(dragged).trim());
        event.dataTransfer.setDragImage(dragged, 12, 12);
        dragged.classList.add('is-dragging');
    });

    document.addEventListener('dragover', (event) => {
        if (!dragged) {
            return;
        }
        const list = dragged.parentElement;
        let over = event.target.closest && event.target.closest('[data-sortable-item]');
        while (over && over.parentElement !== list) {
            over = over.parentElement.closest('[data-sortable-item]');
        }
        if (!over || over.hidden) {
            return;
        }
        event.preventDefault();
        event.dataTransfer.dropEffect = 'move';
        if (over === dragged) {
            return;
        }
        const box = over.getBoundingClientRect();
        const before = event.clientY < box.top + box.height / 2;
        const rows = rowsOf(list);
        const goingDown = rows.indexOf(dragged) < rows.indexOf(over);
        // Move only once the pointer passes the middle in the direction of travel: no flicker.
        if (goingDown && !before) {
            list.insertBefore(dragged, over.nextSibling);
        } else if (!goingDown && before) {
            list.insertBefore(dragged, over);
        }
    });

    document.addEventListener('drop', (event) => {
        if (dragged) {
            event.preventDefault();
        }
    });

    document.addEventListener('dragend', () => {
        if (!dragged) {
            return;
        }
        const row = dragged;
        dragged = null;
        row.classList.remove('is-dragging');
        renumber(row.parentElement);
        if (placeOf(row)[0] !== draggedFrom) {
            sayPlace(row);
        }
    });

    // Django's autocomplete (select2) draws its own combobox and search field, which its
    // <label for> does not reach: they get the label's words (select2 redraws them, hence
    // the observer).
    function nameAutocompletes(root) {
        root.querySelectorAll('select + .select2').forEach((container) => {
            const select = container.previousElementSibling;
            const label = select.id && document.querySelector('label[for="' + select.id + '"]');
            if (!label) {
                return;
            }
            const name = label.textContent.replace(/\s*:\s*$/, '').trim();
            container.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach((field) => {
                if (field.getAttribute('aria-label') !== name) {
                    field.setAttribute('aria-label', name);
                }
            });
        });
    }

    document.addEventListener('DOMContentLoaded', () => {
        document.querySelectorAll('.role-inline, #role_form').forEach((root) => {
            nameAutocompletes(root);
            new MutationObserver(() => nameAutocompletes(root)).observe(root, {childList: true, subtree: true});
        });
        status = document.createElement('div');
        status.className = 'visually-hidden';
        status.setAttribute('role', 'status');
        status.setAttribute('aria-live', 'polite');
        document.body.appendChild(status);
        document.querySelectorAll('.role-list__items[data-sortable-list]').forEach((list) => {
            relabel(list);  // numbers only where the editor moves: untouched stays unchanged
        });
    });
}
