// Removes active content from a parsed PDF, in place. A generic walk over every reachable object rather than a list
// of known places: actions hide in outlines, annotations, form fields, structure elements and /Next chains, and a
// list of places is only as good as its author's memory. Print output needs no action of any kind, so every action
// goes, plain GoTo links included (they are harmless but worthless on paper, and "remove all" is easy to verify).
import { PDFArray, PDFDict, PDFName, PDFRef, PDFStream } from 'pdf-lib';
import type { PDFContext, PDFObject } from 'pdf-lib';

const N = (s: string): PDFName => PDFName.of(s);
const S = N('S');
const TYPE = N('Type');
const SUBTYPE = N('Subtype');

// PDF 32000-1 §12.6.4 plus later additions (GoToDp, RichMediaExecute).
const ACTION_WORDS = new Map<PDFName, string>([
  [N('JavaScript'), 'JavaScript'],
  [N('Launch'), 'launch action'],
  [N('SubmitForm'), 'form action'],
  [N('ResetForm'), 'form action'],
  [N('ImportData'), 'form action'],
  [N('URI'), 'web link'],
  [N('GoToR'), 'link to another file'],
  [N('GoToE'), 'link to another file'],
  [N('GoToDp'), 'link to another file'],
  [N('Sound'), 'media'],
  [N('Movie'), 'media'],
  [N('Rendition'), 'media'],
  [N('RichMediaExecute'), 'media'],
  [N('GoTo3DView'), 'media'],
  [N('GoTo'), 'navigation action'],
  [N('Thread'), 'navigation action'],
  [N('Named'), 'navigation action'],
  [N('Hide'), 'navigation action'],
  [N('SetOCGState'), 'navigation action'],
  [N('Trans'), 'navigation action'],
]);

// Keys dropped wherever they appear outside a name map (where keys are arbitrary resource names).
const DROP_KEYS = new Map<PDFName, string>([
  [N('OpenAction'), ''], // word comes from the action itself; a plain destination is not worth reporting
  [N('AA'), ''],
  [N('JS'), 'JavaScript'],
  [N('AcroForm'), 'form'],
  [N('XFA'), 'form'],
  [N('EF'), 'embedded file'],
  [N('RF'), 'embedded file'],
  [N('AF'), 'embedded file'],
  [N('Collection'), 'embedded file'],
  [N('RichMediaContent'), 'media'],
  [N('RichMediaSettings'), 'media'],
  [N('3DD'), 'media'],
  [N('Sound'), 'media'],
  [N('Movie'), 'media'],
]);

const NAME_TREES_DROPPED = new Map<PDFName, string>([
  [N('JavaScript'), 'JavaScript'],
  [N('EmbeddedFiles'), 'embedded file'],
  [N('AlternatePresentations'), 'media'],
  [N('Renditions'), 'media'],
]);

const ANNOTS_DROPPED = new Map<PDFName, string>([
  [N('FileAttachment'), 'embedded file'],
  [N('RichMedia'), 'media'],
  [N('3D'), 'media'],
  [N('Sound'), 'media'],
  [N('Movie'), 'media'],
  [N('Screen'), 'media'],
]);

// Dictionaries whose keys are names chosen by the author (a font may be called /JS); key rules must not touch them.
const NAME_MAP_PARENTS = new Set<PDFName>([N('Dests'), N('RoleMap'), N('ClassMap'), N('CharProcs')]);
const RESOURCES = new Set<PDFName>([N('Resources'), N('DR')]);

type Item = { obj: PDFObject | undefined; nameMap: boolean; resources: boolean };

/** Strips active content; returns plain words for what went, in the order first met, without repeats. */
export function removeActiveContent(context: PDFContext, catalog: PDFDict): string[] {
  const removed: string[] = [];
  const note = (word: string): void => {
    if (word && !removed.includes(word)) removed.push(word);
  };

  const names = context.lookup(catalog.get(N('Names')));
  if (names instanceof PDFDict) {
    for (const [key, word] of NAME_TREES_DROPPED) if (names.delete(key)) note(word);
  }

  const seen = new Set<PDFObject>();
  const stack: Item[] = [{ obj: catalog, nameMap: false, resources: false }];
  const info = context.trailerInfo.Info;
  if (info) stack.push({ obj: info, nameMap: false, resources: false });

  while (stack.length > 0) {
    const item = stack.pop() as Item;
    const obj = context.lookup(item.obj);
    if (obj === undefined || seen.has(obj)) continue;
    seen.add(obj);
    const dict = obj instanceof PDFStream ? obj.dict : obj;
    if (dict instanceof PDFDict) {
      if (!item.nameMap) cleanDict(context, dict, note);
      for (const [key, value] of dict.entries()) {
        stack.push({
          obj: value,
          nameMap: item.resources || NAME_MAP_PARENTS.has(key),
          resources: RESOURCES.has(key) && !item.nameMap,
        });
      }
    } else if (dict instanceof PDFArray) {
      for (let i = dict.size() - 1; i >= 0; i--) {
        const word = actionWord(context, dict.get(i));
        if (word !== undefined) {
          dict.remove(i);
          note(word);
        } else {
          stack.push({ obj: dict.get(i), nameMap: false, resources: false });
        }
      }
    }
  }
  return removed;
}

function cleanDict(context: PDFContext, dict: PDFDict, note: (word: string) => void): void {
  for (const [key, value] of dict.entries()) {
    const dropWord = DROP_KEYS.get(key);
    if (dropWord !== undefined) {
      dict.delete(key);
      note(dropWord);
      noteActions(context, key, value, note);
      continue;
    }
    const word = actionWord(context, value);
    if (word !== undefined) {
      dict.delete(key);
      note(word);
      continue;
    }
    if (key === N('Annots')) dropRiskyAnnots(context, context.lookup(value), note);
  }
}

// Names the actions inside an /AA or /OpenAction so the candidate reads "JavaScript", not "automatic action".
function noteActions(context: PDFContext, key: PDFName, value: PDFObject, note: (word: string) => void): void {
  if (key === N('OpenAction')) {
    const word = actionWord(context, value);
    if (word !== undefined && word !== 'navigation action') note(word);
  } else if (key === N('AA')) {
    const triggers = context.lookup(value);
    if (!(triggers instanceof PDFDict)) return;
    for (const action of triggers.values()) note(actionWord(context, action) ?? 'automatic action');
  }
}

function dropRiskyAnnots(context: PDFContext, annots: PDFObject | undefined, note: (word: string) => void): void {
  if (!(annots instanceof PDFArray)) return;
  for (let i = annots.size() - 1; i >= 0; i--) {
    const annot = context.lookup(annots.get(i));
    const subtype = annot instanceof PDFDict ? context.lookup(annot.get(SUBTYPE)) : undefined;
    const word = subtype instanceof PDFName ? ANNOTS_DROPPED.get(subtype) : undefined;
    if (word !== undefined) {
      annots.remove(i);
      note(word);
    }
  }
}

function actionWord(context: PDFContext, value: PDFObject | undefined): string | undefined {
  const obj = context.lookup(value);
  if (!(obj instanceof PDFDict)) return undefined;
  const type = context.lookup(obj.get(TYPE));
  if (type !== undefined && type !== N('Action')) return undefined;
  const s = context.lookup(obj.get(S));
  return s instanceof PDFName ? ACTION_WORDS.get(s) : undefined;
}

/** Deletes every indirect object not reachable from the trailer, so removed objects are not written back out. */
export function dropUnreachable(context: PDFContext): number {
  const reachable = new Set<PDFRef>();
  const seen = new Set<PDFObject>();
  const stack: (PDFObject | undefined)[] = [context.trailerInfo.Root, context.trailerInfo.Info];
  while (stack.length > 0) {
    const obj = stack.pop();
    if (obj === undefined || seen.has(obj)) continue;
    seen.add(obj);
    if (obj instanceof PDFRef) {
      reachable.add(obj);
      stack.push(context.lookup(obj));
    } else if (obj instanceof PDFStream) {
      stack.push(obj.dict);
    } else if (obj instanceof PDFDict) {
      stack.push(...obj.values());
    } else if (obj instanceof PDFArray) {
      stack.push(...obj.asArray());
    }
  }
  let dropped = 0;
  let largest = 0;
  for (const [ref] of context.enumerateIndirectObjects()) {
    if (!reachable.has(ref)) {
      context.delete(ref);
      dropped++;
    } else {
      largest = Math.max(largest, ref.objectNumber);
    }
  }
  // The writer's trailer /Size is largestObjectNumber + 1; qpdf warns when it overstates the highest object.
  context.largestObjectNumber = largest;
  return dropped;
}
