//! Where the pane opens in button mode: anchored to the Collaborate button, inside the viewport.
//! Pure geometry in CSS pixels relative to the viewport, so every case is tested natively.

/// A rectangle relative to the viewport, as `getBoundingClientRect` gives it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Its left edge.
    pub left: f64,
    /// Its top edge.
    pub top: f64,
    /// Its right edge.
    pub right: f64,
    /// Its bottom edge.
    pub bottom: f64,
}

/// Where the pane goes: its left edge and width, and either its top edge (below the button) or
/// its bottom edge (above it), with the height it may take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placement {
    /// The pane's left edge.
    pub left: f64,
    /// Its width.
    pub width: f64,
    /// Below the button: the pane's top edge. Above it: the distance from the viewport's bottom
    /// edge to the pane's bottom edge (CSS `bottom`).
    pub edge: Edge,
    /// The most height it may take: the room left on its side, at most 70 % of the viewport.
    pub max_height: f64,
}

/// Which side of the button the pane opens on.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Edge {
    /// Below the button, its top edge here.
    Top(f64),
    /// Above the button, its bottom edge this far from the viewport's bottom.
    Bottom(f64),
}

/// The pane's width where the viewport allows it.
pub const PANE_WIDTH: f64 = 380.0;
/// How far the pane stays inside the viewport's edges.
pub const MARGIN: f64 = 8.0;
/// The space between the button and the pane.
pub const GAP: f64 = 4.0;
/// The largest part of the viewport's height the pane takes.
pub const MAX_HEIGHT_FRACTION: f64 = 0.7;

/// Places the pane for a button and a viewport (`width`, `height`). It aligns to the button's
/// inline-end edge (right in left-to-right, left in right-to-left) when it fits there, else to
/// its start edge, then shifts to stay `MARGIN` inside the viewport; it opens below the button
/// unless there is more room above.
pub fn place(button: Rect, viewport: (f64, f64), rtl: bool) -> Placement {
    let (width, height) = viewport;
    let pane = PANE_WIDTH.min(width - 2.0 * MARGIN).max(0.0);
    let (end, start) = if rtl {
        (button.left, button.right - pane)
    } else {
        (button.right - pane, button.left)
    };
    let fits = |left: f64| left >= MARGIN && left + pane <= width - MARGIN;
    let left = if fits(end) { end } else { start };
    let left = left.min(width - MARGIN - pane).max(MARGIN);

    let below = height - MARGIN - (button.bottom + GAP);
    let above = button.top - GAP - MARGIN;
    let tallest = MAX_HEIGHT_FRACTION * height;
    let edge = if above > below {
        // The pane's bottom edge stays above the button, and inside the viewport.
        let bottom_edge = within(button.top - GAP, MARGIN, height - MARGIN);
        Edge::Bottom(height - bottom_edge)
    } else {
        Edge::Top(within(button.bottom + GAP, MARGIN, height - MARGIN))
    };
    let room = match edge {
        Edge::Top(top) => height - MARGIN - top,
        Edge::Bottom(bottom) => height - bottom - MARGIN,
    };
    Placement {
        left,
        width: pane,
        edge,
        max_height: room.min(tallest).max(0.0),
    }
}

/// `value` kept between `low` and `high` (`f64::clamp` would ship float formatting for its
/// panic message).
fn within(value: f64, low: f64, high: f64) -> f64 {
    value.min(high).max(low)
}

impl Placement {
    /// The pane's inline style for this placement, in whole pixels (formatting a float would
    /// ship Rust's float printing, about 10 KB of wasm). Every value is at least zero.
    pub fn style(&self) -> String {
        let px = |value: f64| (value + 0.5) as u32;
        let vertical = match self.edge {
            Edge::Top(top) => format!("top:{}px;bottom:auto", px(top)),
            Edge::Bottom(bottom) => format!("bottom:{}px;top:auto", px(bottom)),
        };
        format!(
            "left:{}px;right:auto;{vertical};width:{}px;max-height:{}px",
            px(self.left),
            px(self.width),
            self.max_height as u32
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VIEWPORT: (f64, f64) = (1280.0, 800.0);

    /// A 120 x 32 button with its top-left corner at (x, y).
    fn button(x: f64, y: f64) -> Rect {
        Rect {
            left: x,
            top: y,
            right: x + 120.0,
            bottom: y + 32.0,
        }
    }

    fn inside(p: &Placement, viewport: (f64, f64)) -> bool {
        let (top, bottom) = match p.edge {
            Edge::Top(top) => (top, top + p.max_height),
            Edge::Bottom(bottom) => (viewport.1 - bottom - p.max_height, viewport.1 - bottom),
        };
        p.left >= MARGIN
            && p.left + p.width <= viewport.0 - MARGIN
            && top >= MARGIN - 1e-9
            && bottom <= viewport.1 - MARGIN + 1e-9
    }

    #[test]
    fn below_the_button_aligned_to_its_end_edge_when_there_is_room() {
        let b = button(1000.0, 10.0);
        let p = place(b, VIEWPORT, false);
        assert_eq!(p.left + p.width, b.right, "right edges line up");
        assert_eq!(p.edge, Edge::Top(b.bottom + GAP));
        assert_eq!(p.max_height, MAX_HEIGHT_FRACTION * VIEWPORT.1);
        assert!(inside(&p, VIEWPORT));
    }

    #[test]
    fn a_button_at_the_left_edge_aligns_the_pane_to_its_start_edge() {
        let b = button(10.0, 10.0);
        let p = place(b, VIEWPORT, false);
        assert_eq!(p.left, b.left);
        assert!(inside(&p, VIEWPORT));
    }

    #[test]
    fn right_to_left_mirrors_the_alignment() {
        let b = button(10.0, 10.0);
        let p = place(b, VIEWPORT, true);
        assert_eq!(p.left, b.left, "the inline end is the left edge");
        let b = button(1150.0, 10.0);
        let p = place(b, VIEWPORT, true);
        assert_eq!(
            p.left + p.width,
            b.right,
            "no room past the left edge: the start edge"
        );
        assert!(inside(&p, VIEWPORT));
    }

    #[test]
    fn above_the_button_when_there_is_more_room_above() {
        let b = button(600.0, 700.0);
        let p = place(b, VIEWPORT, false);
        assert_eq!(p.edge, Edge::Bottom(VIEWPORT.1 - (b.top - GAP)));
        assert!(inside(&p, VIEWPORT));
        let b = button(600.0, 300.0);
        assert!(matches!(place(b, VIEWPORT, false).edge, Edge::Top(_)));
    }

    #[test]
    fn no_taller_than_the_room_left() {
        let b = button(600.0, 380.0);
        let p = place(b, VIEWPORT, false);
        assert_eq!(p.max_height, VIEWPORT.1 - MARGIN - (b.bottom + GAP));
        assert!(inside(&p, VIEWPORT));
    }

    #[test]
    fn a_narrow_viewport_gets_a_narrower_pane_with_margins_on_both_sides() {
        let viewport = (320.0, 640.0);
        for x in [0.0, 100.0, 200.0] {
            let p = place(button(x, 8.0), viewport, false);
            assert_eq!(p.width, 320.0 - 2.0 * MARGIN);
            assert_eq!(p.left, MARGIN);
            assert!(inside(&p, viewport), "{x}: {p:?}");
        }
    }

    #[test]
    fn a_button_partly_off_screen_still_gets_a_pane_inside_the_viewport() {
        for b in [
            button(-60.0, -20.0),
            button(1220.0, 790.0),
            button(600.0, -100.0),
        ] {
            let p = place(b, VIEWPORT, false);
            assert!(inside(&p, VIEWPORT), "{b:?}: {p:?}");
        }
    }

    #[test]
    fn the_style_says_where() {
        let p = Placement {
            left: 8.0,
            width: 380.0,
            edge: Edge::Bottom(40.5),
            max_height: 300.7,
        };
        assert_eq!(
            p.style(),
            "left:8px;right:auto;bottom:41px;top:auto;width:380px;max-height:300px"
        );
    }
}
