// Run by tools/build_pdf.py in the singlehtml page of the book, before printing: turns the page
// into a book (title page, contents, one part per page of the site, appendices with the exercises'
// solutions and the self-check questions' answers) and
// returns a report of what it did. `config`: {title, subtitle, edition, rootDoc, parts, css,
// columnPx}. It also defines window.dlmathSetPageNumbers(pages), which fills in the page numbers
// of the contents and of the cross-references once a first print has told where each target landed.
async (config) => {
  const report = {
    documents: [], headings: [], solutions: [], unwrappedLinks: [], brokenLinks: [],
    quizAnswers: [], quizzesWithoutAnswer: [], playersRemoved: 0,
    externalLinks: 0, internalLinks: 0, scaled: [], widgetOutputsHidden: 0, images: 0,
    imagesNotLoaded: [], untypesetMath: 0, mathErrors: 0, overflowing: [], pageTargets: [],
  };

  // --- 1. wait until the page is typeset and every image and font is there ---------------------
  const until = async (test, what, ms = 60000) => {
    const start = Date.now();
    while (!test()) {
      if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await until(() => window.MathJax && MathJax.startup && MathJax.startup.promise, 'MathJax to load');
  await MathJax.startup.promise;
  for (const img of document.images) img.removeAttribute('loading');
  await Promise.all([...document.images].map((img) => (img.complete ? null : img.decode().catch(() => null))));
  await document.fonts.ready;
  report.untypesetMath = [...document.querySelectorAll('.math')].filter((el) => !el.querySelector('mjx-container')).length;
  report.mathErrors = document.querySelectorAll('mjx-merror').length;

  const make = (tag, attrs = {}, ...children) => {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (key === 'text') el.textContent = value;
      else el.setAttribute(key, value);
    }
    for (const child of children) el.append(child);
    return el;
  };
  const clean = (text) => text.replace(/\s+/g, ' ').trim();
  // A heading's text without its "#" link: "2.1.1. Loading the data".
  const headingText = (h) => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll('.headerlink').forEach((a) => a.remove());
    return clean(copy.textContent);
  };
  const relevel = (h, level) => {
    if (Number(h.tagName[1]) === level) return h;
    const replacement = document.createElement(`h${level}`);
    for (const attr of h.attributes) replacement.setAttribute(attr.name, attr.value);
    replacement.append(...h.childNodes);
    h.replaceWith(replacement);
    return replacement;
  };
  let uid = 0;
  const targetId = (el, prefix) => {
    if (!el.dataset.pdfTarget) {
      el.dataset.pdfTarget = `pdf-${prefix}-${++uid}`;
      // The element's own id if it has none (a heading, a paragraph); else an empty anchor, as the
      // section ids may be shared by several pages of the site (each chapter has "exercises").
      if (!el.id) el.id = el.dataset.pdfTarget;
      else el.prepend(make('a', { id: el.dataset.pdfTarget, class: 'pdf-anchor' }));
    }
    return el.dataset.pdfTarget;
  };
  const pageRef = (target) => make('span', { class: 'pdf-page-ref', 'data-target': target }, '000');

  // --- 2. take each page of the site out of the single page -------------------------------------
  const article = document.querySelector('article.bd-article');
  const docs = new Map();
  docs.set(config.rootDoc, article.querySelector('section'));
  for (const span of article.querySelectorAll('span[id^="document-"]')) {
    const section = span.nextElementSibling;
    if (section && section.tagName === 'SECTION') docs.set(span.id.slice('document-'.length), section);
  }
  const extracted = new Map();
  for (const [docname, section] of [...docs].reverse()) {
    document.getElementById(`document-${docname}`)?.remove();
    const block = make('div', { class: 'pdf-doc', 'data-doc': docname });
    block.append(make('span', { id: `document-${docname}` }), section);
    extracted.set(docname, block);
  }
  const docBlocks = new Map([...docs.keys()].map((docname) => [docname, extracted.get(docname)]));
  for (const block of docBlocks.values()) block.querySelectorAll('.toctree-wrapper').forEach((w) => {
    if (!w.textContent.trim()) w.remove();
  });

  // Headings: each page's title becomes an h1 and its sections h2, h3, ... (the PDF's bookmarks
  // follow the heading levels).
  for (const [docname, block] of docBlocks) {
    const top = block.querySelector('h1, h2, h3');
    const shift = Number(top.tagName[1]) - 1;
    for (const h of [...block.querySelectorAll('h1, h2, h3, h4, h5, h6')]) {
      relevel(h, Math.max(1, Math.min(6, Number(h.tagName[1]) - shift)));
    }
    report.documents.push({ docname, title: headingText(block.querySelector('h1')) });
  }

  // --- 3. the site's furniture goes; the article fills the printed column -----------------------
  for (const selector of [
    '.bd-header', '#pst-primary-sidebar', '.bd-sidebar-secondary', '.bd-sidebar-primary', 'footer',
    '.prev-next-area', '.bd-header-article', '.skip-link', '#pst-skip-link', '.search-button__wrapper',
    '#pst-back-to-top', '.onlyprint', '.bd-footer', '.bd-footer-article', '.bd-footer-content', 'dialog',
  ]) document.querySelectorAll(selector).forEach((el) => el.remove());
  article.replaceChildren();
  document.documentElement.dataset.theme = 'light';
  document.documentElement.dataset.mode = 'light';
  document.head.append(make('style', { id: 'pdf-print-css' }, config.css));

  // --- 4. solutions move to an appendix ---------------------------------------------------------
  const chapterNumber = (block) => {
    const number = block.querySelector('h1 .section-number');
    return number ? number.textContent.replace(/[.\s]+$/, '').trim() : null;
  };
  // "2.1 A first look at a neural network" (the site's "2.1. " without its dot).
  const chapterTitle = (block) => headingText(block.querySelector('h1')).replace(/^([\d.]+?)\.\s/, '$1 ');
  const appendix = make('div', { class: 'pdf-doc pdf-appendix', 'data-doc': 'pdf-solutions' });
  const appendixSection = make('section', { id: 'pdf-solutions' });
  appendix.append(appendixSection);
  appendixSection.append(make('h1', { text: 'Solutions to the exercises' }));
  appendixSection.append(make('p', {
    text: 'The solution cells of every chapter, in order. Each ends with the check the notebook runs '
      + 'and the answer it gave; each label links back to its exercise.',
  }));
  for (const [docname, block] of docBlocks) {
    const chapter = chapterNumber(block);
    const cells = [...block.querySelectorAll('.cell.tag_solution')];
    if (!chapter || !cells.length) continue;
    const chapterSection = make('section', { class: 'pdf-solutions-chapter' });
    chapterSection.append(make('h2', { text: `Solutions to ${chapterTitle(block)}` }));
    appendixSection.append(chapterSection);
    // The exercise labels: "Exercise 2.1.3 (computation)." or "Exercise 3 (slicing).", numbered
    // here as 2.N.k.
    const labels = [...block.querySelectorAll('p > strong:first-child')]
      .filter((s) => /^Exercise\s+\d/.test(clean(s.textContent)));
    labels.forEach((strong, index) => {
      const match = clean(strong.textContent).match(/^Exercise\s+([\d.]+?)\.?(\s.*)?$/);
      let number = match[1];
      if (!number.startsWith(`${chapter}.`)) {
        number = `${chapter}.${number.split('.').pop() || index + 1}`;
        strong.textContent = `Exercise ${number}${match[2] || ''}`;
      }
      strong.dataset.exercise = number;
    });
    let current = null;
    for (const cell of cells) {
      const label = labels.filter((s) => s.compareDocumentPosition(cell) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
      const number = label ? label.dataset.exercise : `${chapter} (exercises)`;
      if (!current || current.number !== number) {
        const heading = label ? clean(label.textContent).replace(/\.$/, '') : `Exercises of ${chapter}`;
        const entry = make('div', { class: 'pdf-solution' });
        const title = make('p', { class: 'pdf-solution-label' });
        const back = make('a', { href: '#' }, make('strong', { text: heading }));
        title.append(back);
        if (label) {
          const exerciseTarget = targetId(label.parentElement, 'exercise');
          back.setAttribute('href', `#${exerciseTarget}`);
          title.append(', page ', pageRef(exerciseTarget));
        }
        entry.append(title);
        chapterSection.append(entry);
        const solutionTarget = targetId(entry, 'solution');
        const note = make('p', { class: 'pdf-solution-ref' },
          make('a', { href: `#${solutionTarget}` }, `Solution: page `, pageRef(solutionTarget)));
        cell.before(note);
        current = { number, entry };
        report.solutions.push({ exercise: number, doc: docname });
      }
      current.entry.append(cell);
    }
  }

  // --- 4b. self-check questions: asked in place, answered in a second appendix ------------------
  // Each question (dlmath.quiz: a .dlmath-quiz container labelled by data-quiz) keeps its prompt
  // and options in the chapter, with a pointer to its answer; the answer the page keeps hidden
  // (.dlmath-quiz-answer: the right answer and why) moves to the appendix, linked back. The
  // feedback line and the per-option explanations only answer a click: they go.
  const answers = make('div', { class: 'pdf-doc pdf-appendix', 'data-doc': 'pdf-quiz-answers' });
  const answersSection = make('section', { id: 'pdf-quiz-answers' });
  answers.append(answersSection);
  answersSection.append(make('h1', { text: 'Answers to the self-check questions' }));
  answersSection.append(make('p', {
    text: 'The right answer to every self-check question, and why; each label links back to its '
      + 'question.',
  }));
  for (const [docname, block] of docBlocks) {
    const quizzes = [...block.querySelectorAll('.dlmath-quiz')];
    if (!quizzes.length) continue;
    const chapter = chapterNumber(block);
    const chapterSection = make('section', { class: 'pdf-solutions-chapter' });
    chapterSection.append(make('h2', {
      text: chapter ? `Answers to ${chapterTitle(block)}` : `Answers to ${headingText(block.querySelector('h1'))}`,
    }));
    answersSection.append(chapterSection);
    for (const quiz of quizzes) {
      const label = quiz.dataset.quiz;
      quiz.querySelectorAll('.dlmath-quiz-feedback, .dlmath-quiz-why, .dlmath-quiz-check').forEach((el) => el.remove());
      const answer = quiz.querySelector('.dlmath-quiz-answer');
      if (!answer) {
        report.quizzesWithoutAnswer.push(label);
        continue;
      }
      const entry = make('div', { class: 'pdf-solution pdf-quiz-answer' });
      const quizTarget = targetId(quiz, 'quiz');
      entry.append(make('p', { class: 'pdf-solution-label' },
        make('a', { href: `#${quizTarget}` }, make('strong', { text: `Self-check ${label}` })),
        ', page ', pageRef(quizTarget)));
      answer.removeAttribute('hidden');
      entry.append(answer);
      chapterSection.append(entry);
      const answerTarget = targetId(entry, 'quiz-answer');
      quiz.append(make('p', { class: 'pdf-solution-ref' },
        make('a', { href: `#${answerTarget}` }, 'Answer: page ', pageRef(answerTarget))));
      report.quizAnswers.push({ quiz: label, doc: docname });
    }
  }
  const appendices = [
    report.solutions.length ? appendix : null,
    report.quizAnswers.length ? answers : null,
  ].filter(Boolean);

  // --- 5. title page and contents ---------------------------------------------------------------
  const titlePage = make('div', { class: 'pdf-title-page' },
    make('p', { class: 'pdf-title', text: config.title }),
    make('p', { class: 'pdf-subtitle', text: config.subtitle }),
    make('p', { class: 'pdf-edition', text: config.edition }));
  const contents = make('div', { class: 'pdf-doc pdf-contents', 'data-doc': 'pdf-contents' });
  const contentsSection = make('section', { id: 'pdf-contents' }, make('h1', { text: 'Contents' }));
  contents.append(contentsSection);
  const entry = (h, level) => {
    const target = targetId(h, 'heading');
    const text = headingText(h);
    const number = h.querySelector('.section-number');
    const line = make('a', { href: `#${target}`, class: `pdf-toc-entry pdf-toc-${level}` });
    if (number) {
      line.append(make('span', { class: 'pdf-toc-number', text: clean(number.textContent).replace(/\.$/, '') }));
    }
    line.append(make('span', { class: 'pdf-toc-title', text: number ? text.slice(clean(number.textContent).length).trim() : text }),
      make('span', { class: 'pdf-toc-leader' }), pageRef(target));
    report.headings.push({ level, text, target });
    return line;
  };
  const ordered = [];
  for (const part of config.parts) {
    const blocks = part.docs.map((d) => docBlocks.get(d)).filter(Boolean);
    if (!blocks.length) continue;
    if (part.caption) contentsSection.append(make('p', { class: 'pdf-toc-part', text: part.caption }));
    for (const block of blocks) {
      ordered.push(block);
      contentsSection.append(entry(block.querySelector('h1'), 1));
      if (chapterNumber(block)) {
        for (const h of block.querySelectorAll('h2')) contentsSection.append(entry(h, 2));
      }
    }
  }
  // Pages of the site that the toc does not list (none today) still get printed, at the end.
  for (const block of docBlocks.values()) if (!ordered.includes(block)) ordered.push(block);
  if (appendices.length) {
    contentsSection.append(make('p', { class: 'pdf-toc-part', text: appendices.length > 1 ? 'Appendices' : 'Appendix' }));
  }
  for (const doc of appendices) {
    contentsSection.append(entry(doc.querySelector('h1'), 1));
    for (const h of doc.querySelectorAll('h2')) contentsSection.append(entry(h, 2));
  }
  article.append(titlePage, contents, ...ordered, ...appendices);

  // --- 6. what a printed page cannot show -------------------------------------------------------
  article.querySelectorAll('.headerlink, button, .copybtn, script[type*="widget"]').forEach((el) => el.remove());
  // Collapsed cells and hints are shown open; the "Show code cell content" toggles go.
  // (A collapsed cell's <details> is unwrapped: without its summary Chromium would print "Details".)
  for (const details of article.querySelectorAll('details')) {
    details.open = true;
    if (details.classList.contains('hide')) {
      details.querySelector(':scope > summary')?.remove();
      const div = make('div', { class: 'pdf-opened' });
      div.append(...details.childNodes);
      details.replaceWith(div);
    }
  }
  // The checks answer with emoji that the fonts Chromium finds on a Debian machine lack (they
  // would print as empty boxes): a check mark and a cross from DejaVu instead.
  const glyphs = { '\u2705': '\u2713', '\u274C': '\u2717' };
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  report.glyphsReplaced = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (/[\u2705\u274C]/.test(node.data)) {
      node.data = node.data.replace(/[\u2705\u274C]/g, (c) => glyphs[c]);
      report.glyphsReplaced += 1;
    }
  }
  article.querySelectorAll('.toggle-hidden').forEach((el) => el.classList.remove('toggle-hidden'));
  // The explorers drawn in advance (dlmath.widgets.player) cannot move on paper either: each is
  // followed by a static grid of settings. The player goes, and its cell with it when the cell
  // shows nothing else (the players' cells hide their code).
  for (const player of article.querySelectorAll('.dlmath-player')) {
    const cell = player.closest('.cell');
    (player.closest('.output') || player).remove();
    if (cell && !cell.querySelector('.cell_input') && !cell.querySelector('.output')) cell.remove();
    report.playersRemoved += 1;
  }
  // Live widgets cannot run on paper; each is followed by its static figure.
  for (const widget of article.querySelectorAll('.jupyter-widgets, .widget-subarea, [data-mime-type*="widget"]')) {
    widget.closest('.cell_output, .output')?.classList.add('pdf-hidden');
    widget.classList.add('pdf-hidden');
    report.widgetOutputsHidden += 1;
  }

  // A formula and the punctuation after it stay on one line (a line may otherwise start with the
  // comma after a formula: MathJax's output is an inline block, which the line may break after).
  report.formulasKeptWithPunctuation = 0;
  for (const math of article.querySelectorAll('span.math')) {
    const next = math.nextSibling;
    const punctuation = next && next.nodeType === Node.TEXT_NODE && next.data.match(/^[,.;:!?)\]\u2019\u201D]+/);
    if (!punctuation) continue;
    next.splitText(punctuation[0].length);
    const group = make('span', { class: 'pdf-nowrap' });
    math.replaceWith(group);
    group.append(math, next);
    report.formulasKeptWithPunctuation += 1;
  }

  // Links: to a place in the book -> a link inside the PDF; to the web -> kept; to a file of the
  // site (the index, a download) -> plain text.
  // The intro page's line that links the PDF edition is left out of the PDF itself.
  for (const a of article.querySelectorAll('a[href$="book.pdf"]')) (a.closest('p, li') || a).remove();
  const ids = new Set([...document.querySelectorAll('[id]')].map((el) => el.id));
  for (const a of article.querySelectorAll('a[href]')) {
    const href = a.getAttribute('href');
    if (/^(https?:|mailto:)/.test(href)) {
      report.externalLinks += 1;
      continue;
    }
    const hash = href.includes('#') ? decodeURIComponent(href.slice(href.indexOf('#') + 1)) : '';
    const path = href.split('#')[0];
    const samePage = path === '' || path.endsWith(`${config.rootDoc}.html`) || path.endsWith('print.html');
    if (hash && samePage && ids.has(hash)) {
      a.setAttribute('href', `#${hash}`);
      report.internalLinks += 1;
    } else if (!hash && path.startsWith('#')) {
      report.internalLinks += 1;
    } else if (hash && samePage) {
      report.brokenLinks.push(href);
    } else {
      report.unwrappedLinks.push(href);
      const span = make('span', { class: 'pdf-unlinked' });
      span.append(...a.childNodes);
      a.replaceWith(span);
    }
  }

  // --- 7. nothing wider than the column: wide tables, formulas and images are scaled to fit ------
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const column = article.getBoundingClientRect();
  const fit = (el, what) => {
    const width = Math.max(el.scrollWidth, el.getBoundingClientRect().width);
    const room = column.right - el.getBoundingClientRect().left;
    if (width > room + 1) {
      const zoom = Math.max(0.3, Math.floor((room / width) * 100) / 100);
      el.style.zoom = String(zoom);
      report.scaled.push({ what, zoom, text: clean(el.textContent).slice(0, 60) });
    }
  };
  article.querySelectorAll('table').forEach((el) => fit(el, 'table'));
  article.querySelectorAll('mjx-container[display="true"]').forEach((el) => fit(el, 'formula'));
  article.querySelectorAll('.cell_output > .output, .cell_output > div').forEach((el) => fit(el, 'output'));
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  // What is still wider than the column fails the build: Chromium would either cut it at the page
  // edge or shrink every page of the book to make it fit.
  const blocks = [...article.querySelectorAll('pre, div, p, li, dd, dt, table, figure, section, blockquote')];
  const tooWide = blocks.filter((el) => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && (box.right > column.right + 1 || box.left < column.left - 1
      || el.scrollWidth > el.clientWidth + 1);
  });
  for (const el of tooWide) {
    if (tooWide.some((other) => other !== el && el.contains(other))) continue;  // the innermost only
    report.overflowing.push({
      tag: el.tagName, class: el.className, width: el.scrollWidth, room: el.clientWidth,
      text: clean(el.textContent).slice(0, 80),
    });
  }
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1 && !report.overflowing.length) {
    report.overflowing.push({ tag: 'HTML', width: root.scrollWidth, room: root.clientWidth, text: '' });
  }
  // TeX that MathJax left as text (a stray $, an unclosed \( ...), outside code: the PDF's tests
  // fail on it, as the site's do (the build goes on: the cause is in a chapter, not here).
  const skip = new Set(['PRE', 'CODE', 'SCRIPT', 'STYLE', 'TEXTAREA', 'MJX-CONTAINER']);
  const texPattern = /\$\$|\\\[|\\\(|\\begin\{|\$[^$\s][^$\n]*[\\^_][^$\n]*\$|(^|\s)[^\s$]*[\\^_][^\s$]*\$(\s|[.,;:]|$)/;
  report.rawTex = [];
  const texts = document.createTreeWalker(article, NodeFilter.SHOW_TEXT, {
    acceptNode(node) {
      for (let el = node.parentElement; el && el !== article; el = el.parentElement) {
        if (skip.has(el.tagName) || el.classList.contains('highlight')) return NodeFilter.FILTER_REJECT;
      }
      return NodeFilter.FILTER_ACCEPT;
    },
  });
  for (let node = texts.nextNode(); node; node = texts.nextNode()) {
    if (texPattern.test(node.data)) report.rawTex.push(clean(node.data).slice(0, 80));
  }
  report.images = article.querySelectorAll('img').length;
  report.imagesNotLoaded = [...article.querySelectorAll('img')].filter((img) => !(img.complete && img.naturalWidth > 0))
    .map((img) => img.getAttribute('src'));
  report.pageTargets = [...article.querySelectorAll('.pdf-page-ref')].map((el) => el.dataset.target);
  // Every place a link of the book points at (the print must have a destination for each), and
  // every heading, in order: the PDF's bookmarks, whose titles build_pdf.py writes from these.
  report.linkTargets = [...new Set([...article.querySelectorAll('a[href^="#"]')].map((a) => a.getAttribute('href').slice(1)))];
  report.bookmarks = [...article.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .filter((h) => h.getClientRects().length)
    .map((h) => ({ level: Number(h.tagName[1]), title: headingText(h).replace(/^(\d+(?:\.\d+)*)\.\s/, '$1 ') }));

  window.dlmathSetPageNumbers = (pages) => {
    const missing = [];
    for (const ref of document.querySelectorAll('.pdf-page-ref')) {
      const page = pages[ref.dataset.target];
      if (page === undefined) missing.push(ref.dataset.target);
      ref.textContent = page === undefined ? '?' : String(page);
    }
    return missing;
  };
  return report;
}
