// Every admin page: names for what select2 (the admin's autocomplete) draws without one. Its
// combobox is labelled by the selected value alone (nothing when empty) and its inline search
// box by nothing, its read-only text by nothing when empty: all get the field's own label.
'use strict';
{
    function fieldLabel(select) {
        const label = select.id && document.querySelector(`label[for="${select.id}"]`);
        return label ? label.textContent.replace(/\s*:\s*$/, '').trim() : '';
    }

    function name(container) {
        const select = container.previousElementSibling;
        if (!select || select.tagName !== 'SELECT') {
            return;
        }
        const label = fieldLabel(select);
        if (!label) {
            return;
        }
        const boxes = '.select2-selection[role="combobox"], .select2-selection__rendered[role="textbox"]';
        container.querySelectorAll(boxes).forEach((box) => {
            if (!box.hasAttribute('aria-label')) {
                box.setAttribute('aria-label', label);
            }
        });
        container.querySelectorAll('.select2-search__field').forEach((field) => {
            if (!field.hasAttribute('aria-label')) {
                field.setAttribute('aria-label', `${label} : chercher`);
            }
        });
    }

    function nameAll() {
        document.querySelectorAll('.select2-container').forEach(name);
    }

    document.addEventListener('DOMContentLoaded', () => {
        nameAll();
        new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
    });
}
