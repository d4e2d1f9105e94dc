// The tag input of the article and role pages: Django's admin autocomplete (select2) with
// select2's tag mode, so that a label not found can be created while writing. A new tag is
// sent as "nouveau:<label>" (never mistaken for an existing tag's id, even a label such as
// "2025"); the server makes the tag when the page is saved (articles/admin/tags.py).
'use strict';
{
    const $ = django.jQuery;

    // As the server folds (articles.search.fold): « Stratégie » and « strategie » are one tag.
    const fold = (text) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

    // select2 writes its inline search box without a name: give it the field's own label.
    function labelSearch(element) {
        const label = document.querySelector(`label[for="${element.id}"]`);
        const name = label ? label.textContent.replace(/\s*:\s*$/, '').trim() : 'Tags';
        $(element).next('.select2').find('.select2-search__field')
            .attr('aria-label', `${name} : chercher ou créer un tag`);
    }

    function setUp(element) {
        const prefix = element.dataset.newTagPrefix;
        $(element).select2({
            tags: true,
            // Each tag keeps its own ×; a « remove all » cross would sit inside select2's list
            // as a non-item (an invalid list for screen readers).
            allowClear: false,
            tokenSeparators: [','],
            ajax: {
                data: (params) => ({
                    term: params.term,
                    page: params.page,
                    app_label: element.dataset.appLabel,
                    model_name: element.dataset.modelName,
                    field_name: element.dataset.fieldName
                })
            },
            createTag: (params) => {
                const label = params.term.trim().replace(/\s+/g, ' ');
                return label ? {id: prefix + label, text: label, newTag: true} : null;
            },
            // Existing tags first; no offer to create one that is already suggested.
            insertTag: (data, tag) => {
                if (!data.some((item) => fold(item.text) === fold(tag.text))) {
                    data.push(tag);
                }
            },
            templateResult: (item) => (
                item.newTag ? element.dataset.newTagText.replace('%s', item.text) : item.text
            ),
            templateSelection: (item) => (
                item.newTag ? item.text + ' ' + element.dataset.newTagMark : item.text
            )
        });
        labelSearch(element);
        $(element).on('change select2:open select2:close', () => labelSearch(element));
    }

    $(function() {
        $('.admin-tag-autocomplete').not('[name*=__prefix__]').each((i, element) => setUp(element));
    });

    document.addEventListener('formset:added', (event) => {
        $(event.target).find('.admin-tag-autocomplete').each((i, element) => setUp(element));
    });
}
