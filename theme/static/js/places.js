/* Places and postcodes for the finder, worked out in the browser: nothing is sent anywhere.
 *
 * The gazetteer files are written at build time by rehab_directory/core/geography.py, which
 * documents their format (front-coded names, coordinates packed three characters a point
 * on a grid whose parameters each file carries). places.json (version 2) holds:
 *   names, coords       every town, in name order (the most populous first of one name)
 *   alternates          {names, places}: other names ("Hull", "Caerdydd"), front-coded, and
 *                       at the same position the indexes of every town each names
 *   nations             {letter: [indexes]}: the nation (nation_names) of only those towns
 *                       known by a name that towns in another nation have; the finder
 *                       names a nation only to tell such towns apart, so others need none
 *   outside             {postcode area: name} of places outside the UK ("the Isle of Man")
 *   counties            {names, coords}: counties and regions, after the towns
 * They are fetched only when needed:
 *   ORDPlaces.places(base)    -> Promise<Places>    search/places.json (GeoNames towns)
 *   ORDPlaces.postcodes(base) -> Promise<Postcodes> search/postcodes.json (areas, districts)
 * and, without any file:
 *   ORDPlaces.key(text)       the matching key of a name, as geography.name_key makes it
 *   ORDPlaces.postcode(text)  {kind: "postcode"|"district"|"area", text, district, area}
 *                             when the text is shaped like one, else null
 *   ORDPlaces.miles(a, b)     great-circle miles between {lat, lon} points
 * Places: find(key) (every place a key names, largest first, each with its label),
 * called(key) (the name as written), outside(key) (a name outside the UK, or ""),
 * suggest(key, n); Postcodes: locate(parsed), isArea(code), outside(code), hasDistricts.
 */
(function () {
  "use strict";

  const EARTH_RADIUS_MILES = 6371 / 1.609344; // places.EARTH_RADIUS_KM, in miles
  const FULL = /^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$/;
  const DISTRICT = /^([A-Z]{1,2})[0-9][A-Z0-9]?$/;
  const AREA = /^[A-Z]{1,2}$/;
  const loaded = new Map();

  function key(text) {
    const words = String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/['\u2019]/g, "").split(/[^a-z0-9]+/).filter(Boolean);
    return words.map((w) => (w === "saint" ? "st" : w)).join(" ");
  }

  function postcode(text) {
    const compact = String(text).replace(/\s+/g, "").toUpperCase();
    let match = FULL.exec(compact);
    if (match) {
      return {
        kind: "postcode", text: match[1] + " " + match[2], district: match[1],
        area: DISTRICT.exec(match[1])[1],
      };
    }
    match = DISTRICT.exec(compact);
    if (match) {
      return { kind: "district", text: compact, district: compact, area: match[1] };
    }
    if (AREA.test(compact)) {
      return { kind: "area", text: compact, district: null, area: compact };
    }
    return null;
  }

  function miles(a, b) {
    const rad = Math.PI / 180;
    const dLat = (b.lat - a.lat) * rad;
    const dLon = (b.lon - a.lon) * rad;
    const h = Math.sin(dLat / 2) ** 2
      + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
    return EARTH_RADIUS_MILES * 2 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  /* geography.unpack_coords */
  function unpack(grid, text) {
    const base = grid.alphabet.length;
    const digit = new Map([...grid.alphabet].map((ch, i) => [ch, i]));
    const points = [];
    for (let i = 0; i < text.length; i += 3) {
      const n = digit.get(text[i]) * base * base + digit.get(text[i + 1]) * base
        + digit.get(text[i + 2]);
      const row = Math.floor(n / grid.columns);
      const col = n % grid.columns;
      points.push({ lat: grid.south + row * grid.step, lon: grid.west + col * grid.step });
    }
    return points;
  }

  /* geography.front_decode */
  function frontDecode(grid, text) {
    const names = [];
    let previous = "";
    for (const line of text ? text.split("\n") : []) {
      const name = previous.slice(0, grid.alphabet.indexOf(line[0])) + line.slice(1);
      names.push(name);
      previous = name;
    }
    return names;
  }

  /* Edit distance with a ceiling: returns limit + 1 as soon as it must exceed it. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) {
      return limit + 1;
    }
    let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i += 1) {
      const row = [i];
      let best = i;
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost));
        best = Math.min(best, row[j]);
      }
      if (best > limit) {
        return limit + 1;
      }
      previous = row;
    }
    return previous[b.length];
  }

  function Places(file) {
    const names = frontDecode(file.grid, file.names);
    const points = unpack(file.grid, file.coords);
    const nationOf = new Map(); // index -> nation, for towns that share a name across nations
    for (const [letter, indexes] of Object.entries(file.nations)) {
      indexes.forEach((i) => nationOf.set(i, file.nation_names[letter]));
    }
    const all = names.map((name, i) => ({
      name, lat: points[i].lat, lon: points[i].lon, nation: nationOf.get(i) || "",
    }));
    const byKey = new Map(); // key -> indexes, most populous first (the file's order)
    const add = (k, i) => {
      if (!byKey.has(k)) {
        byKey.set(k, []);
      }
      if (!byKey.get(k).includes(i)) {
        byKey.get(k).push(i);
      }
    };
    const called = new Map(); // key -> the name as written
    names.forEach((name, i) => {
      add(key(name), i);
      if (!called.has(key(name))) {
        called.set(key(name), name);
      }
    });
    /* An other name lists every place it names, by their own names too, largest first
     * (geography.places_called): that order wins ("Newcastle" is Newcastle upon Tyne). */
    frontDecode(file.grid, file.alternates.names).forEach((alt, n) => {
      const indexes = file.alternates.places[n];
      const k = key(alt);
      const own = byKey.get(k) || [];
      byKey.set(k, [...indexes, ...own.filter((i) => !indexes.includes(i))]);
      if (!called.has(k)) {
        called.set(k, alt);
      }
    });
    /* Counties and regions, after the towns: a town of the same name wins ("Durham"). */
    const counties = file.counties || { names: [], coords: "" };
    unpack(file.grid, counties.coords).forEach((point, n) => {
      const name = counties.names[n];
      const k = key(name);
      all.push({ name, lat: point.lat, lon: point.lon, nation: "" }); // one of its name
      if (!byKey.has(k)) {
        byKey.set(k, [all.length - 1]);
        called.set(k, name);
      }
    });
    const outside = new Map(Object.entries(file.outside || {})
      .map(([code, name]) => [key(name).replace(/^the /, ""), name]));
    /* A name places in more than one nation have says which nation each is in (those
     * places all have theirs; a place without one shares its name within its nation). */
    const label = (place) => {
      const same = byKey.get(key(place.name)) || [];
      const nations = new Set(same.map((i) => all[i].nation).filter(Boolean));
      return nations.size > 1 ? place.name + " (" + place.nation + ")" : place.name;
    };
    return {
      count: all.length,
      /** Every place a key names (by its own name or another), largest first. */
      find(k) {
        return (byKey.get(k) || []).map((i) => ({ ...all[i], label: label(all[i]) }));
      },
      /** The name a key stands for, as written ("newcastle" -> "Newcastle"). */
      called: (k) => called.get(k) || k,
      /** The name of a place outside the UK the key names ("the Isle of Man"), or "". */
      outside: (k) => outside.get(k.replace(/^the /, "")) || "",
      /** Up to `n` names close to `k`: fewest changes first, then the file's order. */
      suggest(k, n) {
        const limit = Math.max(1, Math.min(3, Math.floor(k.length / 3)));
        const scored = [];
        for (const [candidate, indexes] of byKey) {
          const d = candidate.startsWith(k) && k.length >= 3 ? 0.5 : distance(k, candidate, limit);
          if (d <= limit) {
            scored.push([d, indexes[0], all[indexes[0]]]);
          }
        }
        scored.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const seen = new Set();
        const out = [];
        for (const [, , place] of scored) {
          const text = label(place);
          if (!seen.has(text)) {
            seen.add(text);
            out.push(text);
          }
          if (out.length >= n) {
            break;
          }
        }
        return out;
      },
    };
  }

  function Postcodes(file) {
    const areaPoints = unpack(file.grid, file.areas.coords);
    const areas = new Map(file.areas.codes.map((code, i) => [code, {
      code, name: file.areas.names[i], lat: areaPoints[i].lat, lon: areaPoints[i].lon,
    }]));
    const districtPoints = unpack(file.grid, file.districts.coords);
    const districts = new Map(file.districts.codes.map((code, i) => [code, districtPoints[i]]));
    return {
      hasDistricts: districts.size > 0,
      /** Where a parsed postcode is: {label, lat, lon, exact} or null for an unknown area.
       * Without the district (no ONSPD import, or a district it lacks) it is the area's
       * centre, and `exact` is false so the finder can say so. */
      locate(parsed) {
        const area = areas.get(parsed.area);
        if (!area) {
          return null;
        }
        const district = parsed.district && districts.get(parsed.district);
        if (district) {
          return { label: parsed.district, lat: district.lat, lon: district.lon, exact: true,
            area };
        }
        if (parsed.kind === "area") {
          return { label: area.name + " (" + area.code + ")", lat: area.lat, lon: area.lon,
            exact: true, area };
        }
        return { label: area.name + " (" + area.code + ")", lat: area.lat, lon: area.lon,
          exact: false, area };
      },
      isArea: (code) => areas.has(code),
      /** The place outside the UK a postcode area is in ("IM": "the Isle of Man"), or "". */
      outside: (code) => (file.outside || {})[code] || "",
    };
  }

  function fetchOnce(url, make) {
    if (!loaded.has(url)) {
      const promise = fetch(url, { credentials: "same-origin" }).then((response) => {
        if (!response.ok) {
          throw new Error(url + ": HTTP " + response.status);
        }
        return response.json();
      }).then(make);
      promise.catch(() => loaded.delete(url));
      loaded.set(url, promise);
    }
    return loaded.get(url);
  }

  window.ORDPlaces = {
    key,
    postcode,
    miles,
    places: (base) => fetchOnce(base + "places.json", Places),
    postcodes: (base) => fetchOnce(base + "postcodes.json", Postcodes),
  };
})();
