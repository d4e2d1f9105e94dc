// The image picker of the article's hero and of each role (articles/admin/pickers.py): Django's
// admin autocomplete (select2) whose results show a thumbnail, the alt text, the file name and
// the size, so that two images with the same alt text are told apart; under the input, a card
// shows the chosen image with its credit, or says its file is missing.
// Everything an image brings (alt text, file name, credit) is set as text, never as markup.
'use strict';
{
    const $ = django.jQuery;
    const FIELDS = ['alt', 'thumb', 'file', 'size', 'credit', 'caption', 'missing', 'url'];

    function make(tag, className, text) {
        const node = document.createElement(tag);
        if (className) {
            node.className = className;
        }
        if (text) {
            node.textContent = text;
        }
        return node;
    }

    function thumbnail(data, width, height) {
        if (!data.thumb) {
            return make('span', 'media-thumb media-thumb--missing', 'Fichier manquant');
        }
        const image = make('img', 'media-thumb');
        image.src = data.thumb;
        image.alt = '';  // the alt text is written beside it
        image.loading = 'lazy';
        image.decoding = 'async';
        image.width = width;
        image.height = height;
        return image;
    }

    // Files are named after the image's id: in the list, its first characters tell them apart
    // (as the library shows them); the card gives the whole name.
    function shortName(name) {
        const dot = name.lastIndexOf('.');
        const stem = dot > 0 ? name.slice(0, dot) : name;
        return stem.length > 20 ? stem.slice(0, 8) + '…' + name.slice(stem.length) : name;
    }

    function fileLine(data, short) {
        if (data.missing) {
            return 'Fichier manquant';
        }
        return [short ? shortName(data.file) : data.file, data.size].filter(Boolean).join(' · ');
    }

    // What an item of the list or the chosen option knows: the server's answer, or the
    // option's data-* attributes (the image chosen when the page was drawn).
    function details(item) {
        if (!item || !item.id) {
            return null;
        }
        if (item.thumb !== undefined || item.missing !== undefined) {
            return item;
        }
        const dataset = item.element ? item.element.dataset : {};
        if (dataset.url === undefined) {
            return null;  // just added in the pop-up window: asked of the server below
        }
        const data = {id: item.id, text: item.text};
        for (const name of FIELDS) {
            data[name] = dataset[name] || '';
        }
        data.missing = dataset.missing === '1';
        return data;
    }

    function result(item) {
        const data = details(item);
        if (!data) {
            return item.text;
        }
        const row = make('div', 'image-picker-result');
        row.append(thumbnail(data, 72, 48));
        const words = make('div', 'image-picker-result__words');
        words.append(make('span', 'image-picker-result__alt', data.alt || 'Sans texte alternatif'));
        words.append(make('span', 'image-picker-result__meta', fileLine(data, true)));
        if (data.credit) {
            words.append(make('span', 'image-picker-result__meta', 'Crédit : ' + data.credit));
        }
        row.append(words);
        return $(row);
    }

    function selection(item) {
        const data = details(item);
        if (!data) {
            return item.text;
        }
        return (data.alt || 'Sans texte alternatif') + (data.missing ? ' (fichier manquant)' : '');
    }

    function card(data) {
        const box = make('div', 'image-picker-card');
        box.append(thumbnail(data, 160, 107));
        const list = make('dl', 'image-picker-card__details');
        const add = (term, value, className) => {
            list.append(make('dt', '', term));
            list.append(make('dd', className || '', value));
        };
        add('Texte alternatif', data.alt || 'Sans texte alternatif : à compléter avant publication',
            data.alt ? '' : 'media-warning');
        add('Fichier', data.missing ? 'Fichier manquant : envoyez-le depuis la bibliothèque' : fileLine(data),
            data.missing ? 'media-warning' : '');
        add('Crédit', data.credit || 'Aucun dans la bibliothèque');
        if (data.caption) {
            add('Légende', data.caption);
        }
        box.append(list);
        if (data.url) {
            const link = make('a', 'image-picker-card__edit', 'Modifier dans la bibliothèque (nouvel onglet)');
            link.href = data.url;
            link.target = '_blank';
            box.append(link);
        }
        return box;
    }

    function showCard(element, data) {
        const holder = element.imagePickerCard;
        holder.replaceChildren(...(data ? [card(data)] : []));
    }

    // An image added through the pop-up window (the « + » beside the input) comes back as a
    // bare option: its details are asked of the picker's own answer, searched by its id.
    function fetchDetails(element, id) {
        const query = new URLSearchParams({
            term: id,
            app_label: element.dataset.appLabel,
            model_name: element.dataset.modelName,
            field_name: element.dataset.fieldName
        });
        fetch(element.getAttribute('data-ajax--url') + '?' + query, {credentials: 'same-origin'})
            .then((response) => (response.ok ? response.json() : {results: []}))
            .then((answer) => {
                const found = answer.results.find((item) => item.id === id);
                if (found && element.value === id) {
                    showCard(element, found);
                }
            })
            .catch(() => {});
    }

    function refresh(element) {
        const item = $(element).select2('data')[0];
        const data = details(item);
        showCard(element, data);
        if (!data && item && item.id) {
            fetchDetails(element, item.id);
        }
    }

    // What select2 4.0 leaves unnamed for screen readers (and axe): its box takes the field's
    // label, its search input a label of its own, and the open list is said to be controlled.
    function nameTheParts(element) {
        const label = document.querySelector(`label[for="${element.id}"]`);
        const container = element.nextElementSibling;
        const box = container.querySelector('.select2-selection');
        const rendered = container.querySelector('.select2-selection__rendered');
        rendered.removeAttribute('role');  // a read-only "textbox" with no name of its own
        rendered.removeAttribute('aria-readonly');
        if (label) {
            label.id = label.id || element.id + '-label';
            box.setAttribute('aria-labelledby', label.id + ' ' + rendered.id);
        }
        $(element).on('select2:open', () => {
            const search = document.querySelector('.select2-container--open .select2-search__field');
            if (search) {
                search.setAttribute('aria-label', 'Chercher une image : texte alternatif, légende ou fichier');
            }
            box.setAttribute('aria-controls', 'select2-' + element.id + '-results');
        });
        $(element).on('select2:close', () => box.removeAttribute('aria-controls'));
    }

    function setUp(element) {
        $(element).select2({
            ajax: {
                data: (params) => ({
                    term: params.term,
                    page: params.page,
                    app_label: element.dataset.appLabel,
                    model_name: element.dataset.modelName,
                    field_name: element.dataset.fieldName
                })
            },
            templateResult: result,
            templateSelection: selection,
            dropdownCssClass: 'image-picker-dropdown'
        });
        nameTheParts(element);
        const holder = make('div', 'image-picker-card-holder');
        holder.setAttribute('aria-live', 'polite');
        // Inside the admin's wrapper, on a line of its own under the input and its links.
        const wrapper = element.closest('.related-widget-wrapper');
        if (wrapper) {
            wrapper.classList.add('image-picker-wrapper');
            wrapper.append(holder);
        } else {
            element.nextElementSibling.after(holder);
        }
        element.imagePickerCard = holder;
        $(element).on('change', () => refresh(element));
        refresh(element);
    }

    // Inputs drawn with the page, and those of inline forms added later (by the admin's
    // « Ajouter » link or by a reordering script): select2 marks the inputs it has set up.
    function setUpAll() {
        document.querySelectorAll('select.admin-image-picker:not(.select2-hidden-accessible)')
            .forEach((element) => {
                if (!element.name.includes('__prefix__')) {
                    setUp(element);
                }
            });
    }

    $(setUpAll);
    document.addEventListener('formset:added', setUpAll);
    let pending = false;
    new MutationObserver(() => {
        if (!pending) {
            pending = true;
            requestAnimationFrame(() => {
                pending = false;
                setUpAll();
            });
        }
    }).observe(document.documentElement, {childList: true, subtree: true});
}
